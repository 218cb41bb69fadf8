package dev.ferry.mappings.crypto;

import dev.ferry.mappings.store.StoreSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the AES-256 credential key: the {@code store.key} setting (base64) if given, else the
 * key file, generated on first start. Losing the key makes stored credentials unreadable, so an
 * existing file is never overwritten.
 */
public final class KeyMaterial {

    public static final int KEY_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(KeyMaterial.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyMaterial() {
    }

    public static SecretKey load(StoreSettings settings) {
        if (settings.key() != null) {
            return fromSetting(settings.key());
        }
        Path file = settings.keyFile();
        if (file == null) {
            throw new KeyMaterialException("no credential key: set store.key (base64, 32 bytes) or store.key-file");
        }
        return Files.exists(file) ? readFile(file) : generateFile(file);
    }

    private static SecretKey fromSetting(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // The decoder's message may quote the offending character; keep the key out of it.
            throw new KeyMaterialException("store.key is not valid base64; expected 32 random bytes, base64 encoded");
        }
        return toKey(bytes, "store.key must decode to " + KEY_BYTES + " bytes (AES-256), got " + bytes.length);
    }

    private static SecretKey readFile(Path file) {
        requireOwnerOnly(file);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(new String(content, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new KeyMaterialException("key file " + file + " does not hold base64 (expected 32 random bytes, base64 encoded)");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        return toKey(bytes, "key file " + file + " must hold " + KEY_BYTES + " bytes (AES-256), found " + bytes.length);
    }

    private static void requireOwnerOnly(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing we can check
        }
        Set<PosixFilePermission> perms;
        try {
            perms = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new KeyMaterialException("cannot read permissions of key file " + file + ": " + e.getMessage(), e);
        }
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new KeyMaterialException("key file " + file + " is accessible by group or others ("
                    + PosixFilePermissions.toString(perms) + "); restrict it with: chmod 600 " + file);
        }
    }

    /**
     * Writes a fresh key to a temporary file created 0600 from the start, then hard-links it into
     * place: the key file never exists half-written or with wider permissions, and if another
     * process won the race we use its key rather than overwrite it.
     */
    private static SecretKey generateFile(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        byte[] encoded = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, ".ferry-key-", ".tmp", attrs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(encoded));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                Arrays.fill(key, (byte) 0);
                return readFile(file);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(tmp, file); // fails, rather than replaces, if the file appeared meanwhile
                tmp = null;
            }
            LOG.info("generated a new credential key in {}; back it up, stored credentials cannot be read without it", file);
            return toKey(key, "generated key has the wrong length");
        } catch (IOException e) {
            throw new KeyMaterialException("cannot create key file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray 0600 temp file is harmless
                }
            }
        }
    }

    private static SecretKey toKey(byte[] bytes, String wrongLengthMessage) {
        try {
            if (bytes.length != KEY_BYTES) {
                throw new KeyMaterialException(wrongLengthMessage);
            }
            return new SecretKeySpec(bytes, "AES");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
