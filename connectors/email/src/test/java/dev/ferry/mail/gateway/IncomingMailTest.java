package dev.ferry.mail.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.mappings.address.JidAddress;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.FileUploads;
import dev.ferry.spi.Message;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail → XMPP without sockets: recipients, threads, loop refusal, attachments without an upload service. */
class IncomingMailTest {

    @TempDir
    Path dir;
    Store store;
    final List<Event> sent = new CopyOnWriteArrayList<>();
    MailSettings settings;
    Recipients recipients;
    IncomingMail incoming;
    MailThreads threads;

    @BeforeEach
    void open() {
        store = Store.open(StoreSettings.h2(dir));
        settings = MailSettings.from(Map.of(), "mail.localhost");
        threads = new MailThreads(store.messageIds(), settings.domain());
        recipients = new Recipients(settings, store.identities(), token -> Optional.empty());
        incoming = new IncomingMail(settings, "mail.localhost", threads, recipients, e -> {
            sent.add(e);
            return CompletableFuture.completedFuture(Delivery.delivered());
        }, FileUploads.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] sample(String name) throws Exception {
        try (InputStream in = IncomingMailTest.class.getResourceAsStream("/captures/mail/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void withoutUploadServiceTheAttachmentIsNamed() throws Exception {
        Delivery d = incoming.deliver(sample("gmail-base64-attachment.eml"), "dana@gmail.example",
                List.of(new JidAddress("alice", "localhost"))).toCompletableFuture().join();
        assertThat(d.isFailed()).isFalse();
        Message m = (Message) sent.get(0);
        assertThat(m.attachments()).isEmpty();
        assertThat(m.body()).contains("[attachment not shown (this XMPP server has no file upload service): ausflug.png (image/png, 70 bytes)]");
        assertThat(m.from().toString()).isEqualTo("dana%gmail.example@mail.localhost");
        assertThat(m.to().toString()).isEqualTo("alice@localhost");
    }

    @Test
    void aReplyFindsItsThread() throws Exception {
        threads.remember("<ferry.0b9c8d7e-aaaa-4bbb-8ccc-111122223333@mail.localhost>", "thread-7", "alice@localhost");
        incoming.deliver(sample("thunderbird-alternative.eml"), "carol@mail.example", List.of(new JidAddress("alice", "localhost")))
                .toCompletableFuture().join();
        assertThat(((Message) sent.get(0)).thread()).contains("thread-7");
        assertThat(threads.latestMail("thread-7")).contains("<8a1f2c3d-1111-4a2b-9c3d-0e1f2a3b4c5d@mail.example>");
    }

    @Test
    void ourOwnMessageIdIsALoop() {
        String raw = "From: x@mail.example\r\nMessage-ID: " + threads.newMessageId() + "\r\nSubject: s\r\n\r\nbody\r\n";
        assertThatThrownBy(() -> incoming.deliver(raw.getBytes(), "x@mail.example", List.of(new JidAddress("alice", "localhost"))))
                .isInstanceOf(IncomingMail.Refusal.class).hasMessageContaining("5.4.6 mail loop");
        assertThat(sent).isEmpty();
    }

    @Test
    void aBounceOfOurMailBecomesAnErrorAboutTheXmppMessage() throws Exception {
        threads.rememberOutgoing("<ferry.5f1c2a9e-7d3b-4c1a-9e2f-0a1b2c3d4e5f@mail.localhost>", "xmpp-42", "alice@localhost/phone");
        incoming.deliver(sample("postfix-dsn.eml"), "", List.of(new JidAddress("alice", "localhost"))).toCompletableFuture().join();
        dev.ferry.spi.MessageError e = (dev.ferry.spi.MessageError) sent.get(0);
        assertThat(e.messageId()).isEqualTo("xmpp-42");
        assertThat(e.from().toString()).isEqualTo("dave%bounced.example@mail.localhost");
        assertThat(e.to().toString()).isEqualTo("alice@localhost/phone");
        assertThat(e.failure()).isEqualTo(dev.ferry.spi.Failure.ITEM_NOT_FOUND);
        assertThat(e.text()).contains("the mail to dave@bounced.example bounced: 5.1.1 mailbox unavailable");
    }

    @Test
    void aBounceOfAMailWeDoNotKnowArrivesAsAutomaticMail() throws Exception {
        incoming.deliver(sample("postfix-dsn.eml"), "", List.of(new JidAddress("alice", "localhost"))).toCompletableFuture().join();
        assertThat(((Message) sent.get(0)).body()).contains("mailbox unavailable").contains("[automatic mail: Auto-Submitted: auto-replied]");
    }

    @Test
    void recipients() {
        assertThat(recipients.resolve("alice*localhost@mail.localhost")).isEqualTo(new Recipients.Local(new JidAddress("alice", "localhost")));
        assertThat(recipients.resolve("alice*localhost@MAIL.localhost")).isInstanceOf(Recipients.Local.class);
        assertThat(recipients.resolve("bob@gmail.example")).isEqualTo(new Recipients.Refused(550,
                "5.7.1 relaying denied: we only take mail for mail.localhost"));
        assertThat(((Recipients.Refused) recipients.resolve("alice*gmail.example@mail.localhost")).code()).isEqualTo(550);
        assertThat(((Recipients.Refused) recipients.resolve("postmaster@mail.localhost")).code()).isEqualTo(550);
        assertThat(((Recipients.Refused) recipients.resolve("a\"b@mail.localhost")).code()).isEqualTo(553);
        store.identities().link("bob@localhost", Recipients.ALIAS_NETWORK, "robert@mail.localhost");
        assertThat(recipients.resolve("Robert@mail.localhost")).isEqualTo(new Recipients.Local(new JidAddress("bob", "localhost")));
    }

    @Test
    void settingsNameTheirKey() {
        assertThatThrownBy(() -> MailSettings.from(Map.of("smarthost-tls", "maybe", "max-size", "x", "bogus", "1"), "mail.localhost"))
                .hasMessageContaining("mail.smarthost-tls: 'maybe' is not none, starttls or implicit")
                .hasMessageContaining("mail.max-size: 'x' is not a whole number")
                .hasMessageContaining("mail.bogus: unknown key");
        MailSettings s = MailSettings.from(Map.of("smarthost-password", "hunter2"), "mail.example.org");
        assertThat(s.xmppDomains()).containsExactly("example.org");
        assertThat(s.maxSize()).isEqualTo(10 * 1024 * 1024);
        assertThat(s.toString()).doesNotContain("hunter2");
    }
}
