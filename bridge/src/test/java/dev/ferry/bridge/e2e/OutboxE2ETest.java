package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stanzas a connector hands to the XMPP side while the link is down wait in the persistent
 * outbox and arrive exactly once, in order, after the link is back — across a Prosody restart
 * and across a Ferry restart.
 */
@Tag("e2e")
class OutboxE2ETest {

    static final Address IRC_USER = Address.of("rustle%irc.example.org", "irc.localhost");
    static final Address ALICE = Address.of("alice", "localhost");

    @TempDir
    Path data;
    ProsodyPeer prosody;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startProsody() {
        prosody = ProsodyPeer.start("outbox", 16222, 16347);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        prosody.close();
    }

    FerryRuntime ferry(Map<String, String> env) throws Exception {
        FerryRuntime f = FerryUnderTest.start(env);
        open.add(f);
        return f;
    }

    static Delivery sendFromIrc(FerryRuntime ferry, int n) {
        ProducerTemplate producer = ferry.camelContext().createProducerTemplate();
        Message m = Message.chat(IRC_USER, ALICE, "n" + n, "numbered " + n);
        return producer.requestBody("xmpp-component:irc.localhost", m, Delivery.class);
    }

    List<String> aliceReceives(int count) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort, stanza -> {
            var m = (org.jivesoftware.smack.packet.Message) stanza;
            if (m.getBody() != null && m.getFrom().toString().startsWith("rustle")) {
                bodies.add(m.getBody());
            }
        });
        open.add(alice::disconnect);
        await().atMost(Duration.ofSeconds(20)).until(() -> bodies.size() >= count);
        Thread.sleep(500); // a duplicate would arrive right behind the last one
        return bodies;
    }

    static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "numbered " + i).toList();
    }

    @Test
    void prosodyRestartedWhileFerryRuns() throws Exception {
        FerryRuntime ferry = ferry(FerryUnderTest.env(prosody.componentPort, data));
        ferry.firstConnect().get(30, TimeUnit.SECONDS);
        for (int i = 1; i <= 5; i++) {
            assertThat(sendFromIrc(ferry, i).outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
        }
        prosody.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ferry.gateways().byDomain("irc.localhost").orElseThrow().link().isUp());
        for (int i = 6; i <= 25; i++) {
            assertThat(sendFromIrc(ferry, i).outcome()).isEqualTo(Delivery.Outcome.QUEUED);
        }
        assertThat(ferry.store().outbox().depth("irc.localhost")).isEqualTo(20);
        prosody.startAgain();
        await().atMost(Duration.ofSeconds(60)).until(() -> ferry.store().outbox().depth("irc.localhost") == 0);
        for (int i = 26; i <= 30; i++) {
            sendFromIrc(ferry, i);
        }
        assertThat(aliceReceives(30)).containsExactlyElementsOf(numbered(1, 30));
    }

    @Test
    void queuedStanzasSurviveAFerryRestart() throws Exception {
        Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
        prosody.stop();
        FerryRuntime first = ferry(env);
        for (int i = 1; i <= 10; i++) {
            assertThat(sendFromIrc(first, i).outcome()).isEqualTo(Delivery.Outcome.QUEUED);
        }
        first.close();
        open.remove(first);

        prosody.startAgain();
        FerryRuntime second = ferry(env);
        second.firstConnect().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.store().outbox().depth() == 0);
        sendFromIrc(second, 11);
        assertThat(aliceReceives(11)).containsExactlyElementsOf(numbered(1, 11));
    }

    @Test
    void ferryRestartedWhileProsodyRunsReconnects() throws Exception {
        Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
        FerryRuntime first = ferry(env);
        first.firstConnect().get(30, TimeUnit.SECONDS);
        sendFromIrc(first, 1);
        first.close();
        open.remove(first);
        FerryRuntime second = ferry(env);
        second.firstConnect().get(30, TimeUnit.SECONDS);
        sendFromIrc(second, 2);
        assertThat(aliceReceives(2)).containsExactly("numbered 1", "numbered 2");
    }
}
