package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP mode, for sites that keep their MTA: mail for the bridge's domain lands in one mailbox on
 * GreenMail's IMAP server, Ferry watches it (IDLE, or polling), delivers what is for its users
 * and marks it seen; what names nobody of ours stays there, flagged.
 */
@Tag("e2e")
class MailImapE2ETest {

    static final int BASE = 28600;
    static MailStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = MailStage.start("mail-imap", BASE, data, Map.of("FERRY_MAIL_LISTEN", "",
                "FERRY_MAIL_IMAP_HOST", "127.0.0.1", "FERRY_MAIL_IMAP_PORT", Integer.toString(BASE + 3),
                "FERRY_MAIL_IMAP_USER", "gateway", "FERRY_MAIL_IMAP_PASSWORD", "secret",
                "FERRY_MAIL_IMAP_POLL_SECONDS", "1"), true);
        stage.greenMail.setUser("gateway@mail.localhost", "gateway", "secret");
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    static void deliverToMailbox(String to, String subject, String body) throws Exception {
        String mail = "From: carol@mail.example\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + System.nanoTime()
                + "@mail.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
        try (MailSmtpClient smtp = new MailSmtpClient(stage.smtpPort)) {
            assertThat(smtp.send("carol@mail.example", "gateway@mail.localhost", mail.getBytes(StandardCharsets.UTF_8))).startsWith("250");
        }
    }

    static Flags flagsOf(String subject) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", BASE + 3, "gateway", "secret");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (jakarta.mail.Message m : inbox.getMessages()) {
                if (subject.equals(m.getSubject())) {
                    return m.getFlags();
                }
            }
            return null;
        } finally {
            store.close();
        }
    }

    @Test
    void mailInTheWatchedMailboxReachesItsXmppUserAndIsMarkedSeen() throws Exception {
        deliverToMailbox("Alice <alice*localhost@mail.localhost>", "via imap", "Hello through IMAP.");
        Message in = MailStage.next(stage.toAlice);
        assertThat(in.getFrom().toString()).isEqualTo("carol%mail.example@mail.localhost");
        assertThat(in.getBody()).startsWith("Hello through IMAP.");
        await().atMost(Duration.ofSeconds(10)).until(() -> flagsOf("via imap").contains(Flags.Flag.SEEN));
    }

    @Test
    void mailForNobodyOfOursStaysFlagged() throws Exception {
        deliverToMailbox("someone@else.example", "not ours", "x");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Flags f = flagsOf("not ours");
            return f != null && f.contains(Flags.Flag.FLAGGED);
        });
        assertThat(flagsOf("not ours").contains(Flags.Flag.SEEN)).isFalse();
        assertThat(stage.toAlice.poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    }
}
