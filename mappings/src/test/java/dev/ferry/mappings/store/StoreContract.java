package dev.ferry.mappings.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.mappings.crypto.CredentialDecryptionException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repository behaviour every database must show; run on H2 ({@link StoreH2Test}) and on
 * PostgreSQL ({@link StorePostgresTest}).
 */
abstract class StoreContract {

    /** The newest migration (src/main/java/db/migration/V5__h2_identity_cache.java; V1-V4 are SQL in src/main/resources). */
    static final String LATEST_VERSION = "5";

    protected Store store;

    /** Settings for a fresh, empty database with its own key. */
    protected abstract StoreSettings settings();

    @BeforeEach
    void openStore() {
        store = Store.open(settings());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** A process restart: the pool goes away, a new one is opened on the same database and key. */
    protected void restart() {
        store.close();
        store = Store.open(settings());
    }

    // ---- user settings ----

    @Test
    void userSettingsAreReplacedWholeAndKeptPerScope() {
        UserSettingsRepository settings = store.settings();
        settings.replace("alice@localhost", "irc", "irc.libera.chat", java.util.Map.of("nick", "alice", "port", "6697"));
        settings.replace("alice@localhost", "irc", "irc.oftc.net", java.util.Map.of("nick", "al"));
        settings.replace("alice@localhost", "irc", "irc.libera.chat", java.util.Map.of("nick", "alice2"));
        assertThat(settings.get("alice@localhost", "irc", "irc.libera.chat")).containsExactly(java.util.Map.entry("nick", "alice2"));
        assertThat(settings.get("alice@localhost", "irc", "irc.oftc.net")).containsEntry("nick", "al");
        assertThat(settings.get("bob@localhost", "irc", "irc.libera.chat")).isEmpty();
        settings.replace("bob@localhost", "irc", "#a%irc.oftc.net", java.util.Map.of("persistent", "true"));
        assertThat(settings.withSetting("irc", "persistent", "true")).singleElement()
                .satisfies(row -> assertThat(row).containsExactly("bob@localhost", "#a%irc.oftc.net"));
        assertThat(settings.remove("alice@localhost", "irc", "irc.oftc.net")).isTrue();
        assertThat(settings.get("alice@localhost", "irc", "irc.oftc.net")).isEmpty();
    }

    // ---- archive ----

    @Test
    void archiveKeepsEachOwnersHistoryAndHonoursLimits() {
        ArchiveRepository archive = store.archive();
        java.time.Instant t0 = java.time.Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            archive.append("alice@example.org", "irc", "#ferry%irc.example.org", "bob", "line " + i, "m" + i, t0.plusSeconds(i));
        }
        archive.append("carol@example.org", "irc", "#ferry%irc.example.org", "bob", "not alice's", null, t0);
        List<ArchivedMessage> last3 = archive.recent("alice@example.org", "irc", "#ferry%irc.example.org", 3, t0.minusSeconds(60));
        assertThat(last3).extracting(ArchivedMessage::body).containsExactly("line 2", "line 3", "line 4");
        assertThat(archive.recent("alice@example.org", "irc", "#ferry%irc.example.org", 20, t0.plusSeconds(3)))
                .extracting(ArchivedMessage::body).containsExactly("line 3", "line 4");
        assertThat(archive.recent("alice@example.org", "irc", "#ferry%irc.example.org", 0, t0)).isEmpty();
        List<ArchivedMessage> page = archive.page("alice@example.org", "irc", "#ferry%irc.example.org", 0, 2);
        assertThat(page).extracting(ArchivedMessage::body).containsExactly("line 0", "line 1");
        assertThat(archive.page("alice@example.org", "irc", "#ferry%irc.example.org", page.get(1).id(), 10))
                .extracting(ArchivedMessage::body).containsExactly("line 2", "line 3", "line 4");
        assertThat(page.get(0).sentAt()).isEqualTo(t0);
        assertThat(page.get(0).messageId()).isEqualTo("m0");
        archive.appendAll(List.of(
                new ArchiveRepository.Entry("alice@example.org", "irc", "#ferry%irc.example.org", "dan", "batched 1", null, t0.plusSeconds(10)),
                new ArchiveRepository.Entry("alice@example.org", "irc", "#ferry%irc.example.org", "dan", "batched 2", "b2", t0.plusSeconds(11))));
        assertThat(archive.recent("alice@example.org", "irc", "#ferry%irc.example.org", 2, t0))
                .extracting(ArchivedMessage::body).containsExactly("batched 1", "batched 2");
    }

    // ---- outbox ----

    @Test
    void outboxKeepsInsertionOrderPerLinkAcrossRestart() {
        OutboxRepository outbox = store.outbox();
        for (int i = 0; i < 5; i++) {
            outbox.enqueue("irc.localhost", "<message id='i" + i + "'/>");
            outbox.enqueue("sip.localhost", "<message id='s" + i + "'/>");
        }
        restart();
        List<OutboxEntry> irc = store.outbox().peek("irc.localhost", 10);
        assertThat(irc).extracting(OutboxEntry::payload)
                .containsExactly("<message id='i0'/>", "<message id='i1'/>", "<message id='i2'/>",
                        "<message id='i3'/>", "<message id='i4'/>");
        assertThat(irc).allSatisfy(e -> {
            assertThat(e.link()).isEqualTo("irc.localhost");
            assertThat(e.attempts()).isZero();
            assertThat(e.queuedAt()).isNotNull();
        });
        assertThat(store.outbox().peek("sip.localhost", 2)).extracting(OutboxEntry::payload)
                .containsExactly("<message id='s0'/>", "<message id='s1'/>");
        assertThat(store.outbox().depth()).isEqualTo(10);
        assertThat(store.outbox().depth("sip.localhost")).isEqualTo(5);
        assertThat(store.outbox().depth("mail.localhost")).isZero();
    }

    @Test
    void outboxReadsOnAfterTheEntriesAlreadyWritten() {
        OutboxRepository outbox = store.outbox();
        long first = outbox.enqueue("irc.localhost", "<message id='a'/>");
        long second = outbox.enqueue("irc.localhost", "<message id='b'/>");
        outbox.enqueue("sip.localhost", "<message id='other'/>");
        outbox.enqueue("irc.localhost", "<message id='c'/>");
        assertThat(outbox.peekAfter("irc.localhost", first, 10)).extracting(OutboxEntry::payload)
                .containsExactly("<message id='b'/>", "<message id='c'/>");
        assertThat(outbox.peekAfter("irc.localhost", second, 1)).extracting(OutboxEntry::payload)
                .containsExactly("<message id='c'/>");
        assertThat(outbox.peekAfter("irc.localhost", 0, 10)).hasSize(3);
    }

    @Test
    void outboxListsLinksByPrefix() {
        OutboxRepository outbox = store.outbox();
        outbox.enqueue("s2s:irc.example>a.example", "<message/>");
        outbox.enqueue("s2s:irc.example>a.example", "<message/>");
        outbox.enqueue("s2s:irc.example>b_x.example", "<message/>");
        outbox.enqueue("s2s:ircXexample>c.example", "<message/>");
        outbox.enqueue("irc.example", "<message/>");
        assertThat(outbox.links("s2s:irc.example>")).containsExactly("s2s:irc.example>a.example", "s2s:irc.example>b_x.example");
        assertThat(outbox.links("s2s:irc_example>")).isEmpty(); // '_' is literal, not a wildcard
        assertThat(outbox.links("nothing")).isEmpty();
    }

    @Test
    void outboxRemoveAndAttempts() {
        OutboxRepository outbox = store.outbox();
        long first = outbox.enqueue("irc.localhost", "a");
        long second = outbox.enqueue("irc.localhost", "b");
        outbox.recordAttempt(first);
        outbox.recordAttempt(first);
        assertThat(outbox.peek("irc.localhost", 1)).singleElement()
                .satisfies(e -> {
                    assertThat(e.id()).isEqualTo(first);
                    assertThat(e.attempts()).isEqualTo(2);
                });
        assertThat(outbox.remove(first)).isTrue();
        assertThat(outbox.remove(first)).isFalse();
        assertThat(outbox.peek("irc.localhost", 10)).extracting(OutboxEntry::id).containsExactly(second);
        assertThat(outbox.depth("irc.localhost")).isEqualTo(1);
    }

    @Test
    void outboxHoldsLargeUtf8Payload() {
        StringBuilder sb = new StringBuilder();
        String chunk = "<body>h\u00e9llo \u65e5\u672c \ud83d\ude00</body>";
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < 1024 * 1024 + 1000) {
            sb.append(chunk.repeat(1000));
        }
        String payload = sb.toString();
        assertThat(payload.length()).isGreaterThan(256 * 1024);
        String ascii = "x".repeat(1024 * 1024 + 17);
        store.outbox().enqueue("mail.localhost", payload);
        store.outbox().enqueue("mail.localhost", ascii);
        restart();
        assertThat(store.outbox().peek("mail.localhost", 2)).extracting(OutboxEntry::payload)
                .containsExactly(payload, ascii);
    }

    @Test
    void outboxRefusesNulAndMissingArguments() {
        assertThatThrownBy(() -> store.outbox().enqueue("irc.localhost", "a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> store.outbox().enqueue("", "a")).hasMessageContaining("link");
        assertThatThrownBy(() -> store.outbox().enqueue("irc.localhost", null)).hasMessageContaining("payload");
        assertThat(store.outbox().depth()).isZero();
    }

    @Test
    void outboxIsSafeFromSeveralThreads() throws Exception {
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ids.add(store.outbox().enqueue("irc.localhost", thread + ":" + i));
                    }
                    return ids;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                List<Long> ids = f.get(60, TimeUnit.SECONDS);
                // each thread sees its own entries in increasing id order
                assertThat(ids).isSorted();
                all.addAll(ids);
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        List<OutboxEntry> entries = store.outbox().peek("irc.localhost", 1000);
        assertThat(entries).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> mine = entries.stream().map(OutboxEntry::payload).filter(p -> p.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(prefix + i);
            }
            assertThat(mine).containsExactlyElementsOf(expected);
        }
    }

    // ---- identities ----

    @Test
    void identitiesLinkFindListUnlink() {
        IdentityRepository ids = store.identities();
        ids.link("alice@localhost", "sip", "sip:alice@sip.example.com");
        ids.link("alice@localhost", "irc", "alice%irc.example.org");
        ids.link("bob@localhost", "mail", "bob@mail.example");
        ids.link("alice@localhost", "sip", "sip:alice@sip.example.com"); // same owner: no-op

        assertThat(ids.findJid("sip", "sip:alice@sip.example.com")).contains("alice@localhost");
        assertThat(ids.findJid("irc", "sip:alice@sip.example.com")).isEmpty();
        assertThat(ids.forJid("alice@localhost")).extracting(LinkedAccount::network).containsExactly("irc", "sip");
        assertThat(ids.list()).hasSize(3).allSatisfy(a -> {
            assertThat(a.verified()).isFalse();
            assertThat(a.createdAt()).isNotNull();
        });
        assertThat(ids.markVerified("mail", "bob@mail.example")).isTrue();
        assertThat(ids.markVerified("mail", "nobody@mail.example")).isFalse();
        restart();
        assertThat(store.identities().forJid("bob@localhost")).singleElement()
                .satisfies(a -> assertThat(a.verified()).isTrue());
        assertThat(store.identities().unlink("irc", "alice%irc.example.org")).isTrue();
        assertThat(store.identities().unlink("irc", "alice%irc.example.org")).isFalse();
        assertThat(store.identities().forJid("alice@localhost")).hasSize(1);
    }

    @Test
    void identitiesRefuseToStealAnAddressUnlessRelinked() {
        IdentityRepository ids = store.identities();
        ids.link("alice@localhost", "mail", "alice@example.org");
        assertThatThrownBy(() -> ids.link("mallory@localhost", "mail", "alice@example.org"))
                .isInstanceOf(IdentityConflictException.class)
                .hasMessageContaining("alice@example.org")
                .hasMessageContaining("already linked")
                .hasMessageNotContaining("alice@localhost")
                .satisfies(e -> assertThat(((IdentityConflictException) e).linkedJid()).isEqualTo("alice@localhost"));
        assertThat(ids.findJid("mail", "alice@example.org")).contains("alice@localhost");

        ids.markVerified("mail", "alice@example.org");
        assertThat(ids.relink("carol@localhost", "mail", "alice@example.org")).contains("alice@localhost");
        assertThat(ids.findJid("mail", "alice@example.org")).contains("carol@localhost");
        assertThat(ids.forJid("carol@localhost")).singleElement().satisfies(a -> assertThat(a.verified()).isFalse());
        assertThat(ids.relink("dave@localhost", "mail", "dave@example.org")).isEmpty();
    }

    @Test
    void identitiesValidateArguments() {
        assertThatThrownBy(() -> store.identities().link("a@localhost", "IRC", "x")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> store.identities().link("", "irc", "x")).hasMessageContaining("jid");
        assertThatThrownBy(() -> store.identities().link("a@localhost", "irc", "x".repeat(513)))
                .hasMessageContaining("foreign address is longer than 512");
    }

    // ---- credentials ----

    @Test
    void credentialsRoundTripReplaceRemove() {
        CredentialRepository creds = store.credentials();
        creds.put("alice@localhost", "irc", "sasl-password", "hunter2-\u00e9\u65e5".toCharArray());
        creds.put("alice@localhost", "sip", "digest-password", "s3cret");
        assertThat(creds.get("alice@localhost", "irc", "sasl-password")).contains("hunter2-\u00e9\u65e5");
        assertThat(creds.get("bob@localhost", "irc", "sasl-password")).isEmpty();
        creds.put("alice@localhost", "sip", "digest-password", "n3w");
        restart();
        assertThat(store.credentials().get("alice@localhost", "sip", "digest-password")).contains("n3w");
        assertThat(store.credentials().remove("alice@localhost", "sip", "digest-password")).isTrue();
        assertThat(store.credentials().remove("alice@localhost", "sip", "digest-password")).isFalse();
        assertThat(store.credentials().get("alice@localhost", "sip", "digest-password")).isEmpty();
    }

    @Test
    void credentialsNeverReachTheDatabaseInPlaintext() throws Exception {
        String secret = "PlainTextMarker-4711";
        store.credentials().put("alice@localhost", "irc", "sasl-password", secret);
        store.credentials().put("bob@localhost", "irc", "sasl-password", secret);
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(needle);
        List<byte[]> sealed = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM credential")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    byte[] raw = value instanceof byte[] b ? b : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                    assertThat(indexOf(raw, needle)).as("column %d holds the plaintext", i).isEqualTo(-1);
                    assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(b64);
                }
                sealed.add(rs.getBytes("sealed"));
            }
        }
        // random nonces: the same secret seals differently in each row
        assertThat(sealed).hasSize(2);
        assertThat(sealed.get(0)).isNotEqualTo(sealed.get(1));
    }

    @Test
    void credentialsSwappedBetweenRowsOrTamperedDoNotOpen() throws Exception {
        store.credentials().put("alice@localhost", "irc", "sasl-password", "alice-secret");
        store.credentials().put("mallory@localhost", "irc", "sasl-password", "mallory-secret");
        try (Connection c = store.dataSource().getConnection()) {
            byte[] mallorys = sealedOf(c, "mallory@localhost");
            byte[] alices = sealedOf(c, "alice@localhost");
            // copy alice's ciphertext into mallory's row: AAD binds it to alice's row
            setSealed(c, "mallory@localhost", alices);
            assertThatThrownBy(() -> store.credentials().get("mallory@localhost", "irc", "sasl-password"))
                    .isInstanceOf(CredentialDecryptionException.class)
                    .hasMessageNotContaining("alice-secret");
            // flip one ciphertext bit
            mallorys[mallorys.length - 5] ^= 0x01;
            setSealed(c, "mallory@localhost", mallorys);
            assertThatThrownBy(() -> store.credentials().get("mallory@localhost", "irc", "sasl-password"))
                    .isInstanceOf(CredentialDecryptionException.class);
        }
        assertThat(store.credentials().get("alice@localhost", "irc", "sasl-password")).contains("alice-secret");
    }

    // ---- message ids ----

    @Test
    void messageIdsMapBothWays() {
        MessageIdRepository ids = store.messageIds();
        ids.put("irc", "irc-msgid-1", "xmpp-1", "alice@localhost");
        ids.put("sip", "call-id-1", "xmpp-2", "alice@localhost");
        assertThat(ids.xmppIdFor("irc", "irc-msgid-1")).contains("xmpp-1");
        assertThat(ids.foreignIdFor("irc", "xmpp-1")).contains("irc-msgid-1");
        assertThat(ids.xmppIdFor("sip", "irc-msgid-1")).isEmpty();
        ids.put("irc", "irc-msgid-1", "xmpp-1b", "alice@localhost");
        restart();
        assertThat(store.messageIds().xmppIdFor("irc", "irc-msgid-1")).contains("xmpp-1b");
        assertThat(store.messageIds().foreignIdFor("irc", "xmpp-1b")).contains("irc-msgid-1");
        assertThat(store.messageIds().foreignIdFor("irc", "xmpp-1")).isEmpty();
    }

    // ---- migrations ----

    @Test
    void migrationsAreIdempotent() {
        MigrationReport again = Store.migrate(settings());
        assertThat(again.applied()).isZero();
        assertThat(again.currentVersion()).isEqualTo(LATEST_VERSION);
        restart();
        assertThat(Store.migrate(settings()).applied()).isZero();
    }

    private static byte[] sealedOf(Connection c, String jid) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM credential WHERE jid = ?")) {
            ps.setString(1, jid);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void setSealed(Connection c, String jid, byte[] sealed) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE credential SET sealed = ? WHERE jid = ?")) {
            ps.setBytes(1, sealed);
            ps.setString(2, jid);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
