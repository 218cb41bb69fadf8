package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.bridge.stream.ComponentLink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user sends a 1 MiB message through a real Prosody: the IRC link refuses it with
 * policy-violation and reconnects; the other components never notice.
 */
@Tag("e2e")
class OversizedStanzaE2ETest {

    static GatewayFixture stage;
    static FerryRuntime ferry;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = GatewayFixture.start("oversize", 18222, 18347, 0, data);
        ferry = stage.ferry;
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void oneMebibyteStanzaIsRefusedAndTheLinkComesBack() throws Exception {
        ComponentLink irc = ferry.gateways().byDomain("irc.localhost").orElseThrow().link();
        ComponentLink sip = ferry.gateways().byDomain("sip.localhost").orElseThrow().link();
        long before = irc.reconnects();
        java.util.concurrent.BlockingQueue<Message> errors = new java.util.concurrent.LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error && "big-1".equals(m.getStanzaId()));
        String big = "x".repeat(1024 * 1024);
        alice.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage("big-1").to("rustle%irc.example.org@irc.localhost")
                .ofType(Message.Type.chat).setBody(big).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> irc.reconnects() > before);
        await().atMost(Duration.ofSeconds(20)).until(irc::isUp);
        assertThat(sip.reconnects()).isZero();
        PingManager ping = PingManager.getInstanceFor(alice);
        assertThat(ping.ping(JidCreate.domainBareFrom("sip.localhost"))).isTrue();
        assertThat(ping.ping(JidCreate.domainBareFrom("irc.localhost"))).isTrue();
        assertThat(ferry.metrics().scrape()).contains("POLICY_VIOLATION");
        // nothing vanishes: the sender is told why, once the link is back
        Message error = errors.poll(20, TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.getError().getCondition())
                .isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.policy_violation);
        assertThat(error.getError().getDescriptiveText()).contains("262144 bytes");
    }
}
