package dev.ferry.bridge.s2s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The dialback secret, kept in a file so keys handed out before a restart still verify after it.
 * Generated on first use with mode 0600; a file others can read is refused (anyone holding the
 * secret can pass as our domains).
 */
final class DialbackSecret {

    private DialbackSecret() {
    }

    static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: read theirs
            }
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            throw new IOException("dialback secret file " + file + " is readable by group or others; chmod 600 it");
        }
        String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (secret.length() < 16) {
            throw new IOException("dialback secret file " + file + " holds fewer than 16 characters");
        }
        return secret;
    }
}
