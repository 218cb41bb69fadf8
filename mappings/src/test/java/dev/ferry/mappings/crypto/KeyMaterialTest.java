package dev.ferry.mappings.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.mappings.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    @TempDir
    Path dir;

    private static StoreSettings withFile(Path file) {
        return new StoreSettings(null, null, null, 0, file, null);
    }

    private static StoreSettings withKey(String key) {
        return new StoreSettings(null, null, null, 0, null, key);
    }

    @Test
    void generatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
        Path file = dir.resolve("sub/ferry.key");
        SecretKey first = KeyMaterial.load(withFile(file));
        assertThat(first.getEncoded()).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(first.getEncoded());
        assertThat(KeyMaterial.load(withFile(file)).getEncoded()).isEqualTo(first.getEncoded());
        // no temporary files left behind
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path file = dir.resolve("ferry.key");
        KeyMaterial.load(withFile(file));
        for (String perms : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
            assertThatThrownBy(() -> KeyMaterial.load(withFile(file)))
                    .isInstanceOf(KeyMaterialException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("chmod 600 " + file);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(KeyMaterial.load(withFile(file)).getEncoded()).hasSize(32);
    }

    @Test
    void refusesAKeyFileWithoutAnAes256Key() throws Exception {
        Path file = dir.resolve("short.key");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> KeyMaterial.load(withFile(file))).hasMessageContaining("32 bytes").hasMessageContaining(file.toString());
        Files.writeString(file, "not base64 !!!");
        assertThatThrownBy(() -> KeyMaterial.load(withFile(file))).hasMessageContaining("base64").hasMessageNotContaining("!!!");
    }

    @Test
    void keySettingWinsAndIsValidated() {
        byte[] raw = new byte[32];
        raw[0] = 42;
        String b64 = Base64.getEncoder().encodeToString(raw);
        assertThat(KeyMaterial.load(new StoreSettings(null, null, null, 0, dir.resolve("unused.key"), b64)).getEncoded())
                .isEqualTo(raw);
        assertThat(dir.resolve("unused.key")).doesNotExist();
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> KeyMaterial.load(withKey(shortKey)))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessageContaining("store.key").hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyMaterial.load(withKey("%%%secret%%%")))
                .hasMessageContaining("store.key").hasMessageContaining("base64").hasMessageNotContaining("secret");
    }
}
