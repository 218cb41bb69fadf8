package dev.ferry.mail.gateway;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The SMTP listener's STARTTLS key, from {@code mail.listen-keystore} (PKCS#12); none when unset. */
final class ListenerTls {

    private ListenerTls() {
    }

    static SSLContext context(MailSettings settings) {
        if (settings.listenKeystore().isEmpty()) {
            return null;
        }
        Path file = Path.of(settings.listenKeystore());
        char[] password = settings.listenKeystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (Exception e) {
            // The reason names the file; the password never appears.
            throw new IllegalArgumentException("mail.listen-keystore: cannot read " + file + " as PKCS#12 with the given password: "
                    + e.getMessage(), e);
        }
    }
}
