package dev.ferry.bridge.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made by the test with the openssl command line (EC P-256):
 * its certificate, and leaf certificates for given DNS names with PKCS#8 keys, all PEM. Files
 * are world-readable so Prosody (running as its own user) can read them; they are test keys.
 */
final class S2sTestCa {

    /** A leaf's PEM files. */
    record Leaf(Path certificate, Path key) {
    }

    final Path dir;
    final Path certificate;
    private final Path key;

    private S2sTestCa(Path dir) {
        this.dir = dir;
        this.certificate = dir.resolve("ca.crt");
        this.key = dir.resolve("ca.key");
    }

    static S2sTestCa create(Path dir, String name) throws IOException {
        E2E.requireCommand("openssl");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        S2sTestCa ca = new S2sTestCa(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", ca.key.toString(), "-out", ca.certificate.toString(), "-days", "2", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        readable(ca.certificate);
        return ca;
    }

    /** A certificate for {@code dnsName}; {@code clientAuth} false leaves the client-auth usage out (serverAuth only). */
    Leaf issue(String fileName, String dnsName, boolean clientAuth) throws IOException {
        Path leafKey = dir.resolve(fileName + ".key");
        Path csr = dir.resolve(fileName + ".csr");
        Path cert = dir.resolve(fileName + ".crt");
        Path ext = dir.resolve(fileName + ".ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nsubjectAltName=DNS:" + dnsName + "\nextendedKeyUsage="
                + (clientAuth ? "serverAuth,clientAuth" : "serverAuth") + "\nkeyUsage=digitalSignature,keyAgreement\n",
                StandardCharsets.US_ASCII);
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", leafKey.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + dnsName);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", certificate.toString(), "-CAkey", key.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        readable(cert);
        readable(leafKey);
        return new Leaf(cert, leafKey);
    }

    private static void readable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
