package dev.ferry.bridge.camel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.config.ConfigLoader;
import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped routes, run in a real Camel context with no XMPP server: events reach the right connector endpoint. */
class DefaultRoutesTest {

    @TempDir
    Path data;

    FerryRuntime ferry(Map<String, String> extra) throws Exception {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of(
                "FERRY_XMPP_PORT", "1", // nothing listens: the links stay down, the routes still run
                "FERRY_STORE_URL", "jdbc:h2:file:" + data.resolve("db"),
                "FERRY_STORE_KEY_FILE", data.resolve("k").toString(),
                "FERRY_HTTP_LISTEN", ""));
        env.putAll(extra);
        return new FerryRuntime(new ConfigLoader(env).read("""
                xmpp:
                  components:
                    irc: { domain: irc.example.test, secret: s1 }
                    sip: { domain: sip.example.test, secret: s2 }
                    mail: { domain: mail.example.test, secret: s3 }
                sip: { listen: [ "udp:127.0.0.1:27062" ] }
                mail: { listen: "127.0.0.1:0" }
                """, "test")).start();
    }

    /** An operator route that sends to a network no connector serves: the sender is told, nothing vanishes. */
    @Test
    void xmppEventForANetworkWithoutConnectorIsRefusedWithAReason() throws Exception {
        Path routes = java.nio.file.Files.createDirectories(data.resolve("routes"));
        java.nio.file.Files.writeString(routes.resolve("mail.yaml"), """
                - route:
                    id: mail-from-xmpp
                    from:
                      uri: "xmpp-component:{{ferry.mail.domain}}"
                      steps:
                        - to:
                            uri: "connector:fax"
                """);
        try (FerryRuntime f = ferry(Map.of("FERRY_ROUTES", routes.toString()))) {
            var gateway = f.gateways().byDomain("mail.example.test").orElseThrow();
            Message m = Message.chat(Address.of("alice", "example.org"), Address.of("bob%mail.example.org", "mail.example.test"), "1", "hi");
            Delivery d = gatewayInbound(gateway, m);
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.FAILED);
            assertThat(d.failure()).contains(Failure.SERVICE_UNAVAILABLE);
            assertThat(d.detail()).contains("no fax connector");
        }
    }

    @Test
    void operatorRoutesFromTheReadmeReplaceTheIrcDefaultsAndFilter() throws Exception {
        Path examples = dev.ferry.bridge.e2e.PeerScript.repoRoot().resolve("config/examples/routes");
        try (FerryRuntime f = ferry(Map.of("FERRY_ROUTES", examples.toString()))) {
            var irc = f.gateways().byDomain("irc.example.test").orElseThrow();
            Address alice = Address.of("alice", "example.org");
            Address chan = Address.of("#ferry%irc.example.org", "irc.example.test");
            Delivery refused = gatewayInbound(irc, Message.chat(alice, chan, "1", "a forbidden-word here"));
            assertThat(refused.failure()).contains(Failure.INTERNAL_SERVER_ERROR);
            assertThat(refused.detail()).contains("refused by this gateway's policy");
            Delivery passed = gatewayInbound(irc, Message.chat(alice, chan, "2", "hello"));
            // it reached the IRC connector, which answers for itself: alice never joined the channel
            assertThat(passed.failure()).contains(Failure.NOT_ACCEPTABLE);
            assertThat(passed.detail()).contains("join it first");
            // the SIP defaults are still loaded beside the operator's irc.yaml
            var sip = f.gateways().byDomain("sip.example.test").orElseThrow();
            // it reached the SIP connector, which cannot find a next hop for a .invalid host (RFC 6761)
            assertThat(gatewayInbound(sip, Message.chat(alice, Address.of("bob%pbx.invalid", "sip.example.test"), "3", "x"))
                    .failure()).contains(Failure.REMOTE_SERVER_NOT_FOUND);
        }
    }

    /**
     * The shipped IRC route vouches that its steps never block, and the IRC connector takes channel
     * lines without blocking: those may run on the link's thread. A private message (which may open
     * a connection) may not, nor anything through an operator's route that does not say so.
     */
    @Test
    void onlyTheShippedIrcRoutesLetEventsRunOnTheLinksAndTheNetworksThreads() throws Exception {
        Address alice = Address.of("alice", "example.org");
        Message line = new Message(alice, Address.of("#ferry%irc.example.org", "irc.example.test"), Message.Kind.GROUPCHAT, "hi",
                java.util.Optional.empty(), java.util.Optional.empty(), "1", java.util.Optional.empty(), java.util.List.of(),
                java.time.Instant.now());
        Message privately = Message.chat(alice, Address.of("bob%irc.example.org", "irc.example.test"), "2", "hi");
        try (FerryRuntime f = ferry(Map.of())) {
            var irc = f.gateways().byDomain("irc.example.test").orElseThrow().inboundForTest();
            assertThat(irc.takesWithoutBlocking(line)).isTrue();
            // The way back may run on the IRC event loop, but only while the XMPP link takes it
            // without the outbox: this link never came up.
            assertThat(((ConnectorComponent.ConnectorEndpoint) f.camelContext().getRoute("irc-to-xmpp").getEndpoint())
                    .isEventsOnNetworkThread()).isTrue();
            Message fromIrc = new Message(Address.of("#ferry%irc.example.org", "irc.example.test"), alice, Message.Kind.GROUPCHAT,
                    "hi", java.util.Optional.empty(), java.util.Optional.empty(), "4", java.util.Optional.empty(),
                    java.util.List.of(), java.time.Instant.now());
            assertThat(f.connectors().sinkFor("irc").takesWithoutBlocking(fromIrc)).isFalse();
            assertThat(irc.takesWithoutBlocking(privately)).isFalse();
            var sip = f.gateways().byDomain("sip.example.test").orElseThrow().inboundForTest();
            assertThat(sip.takesWithoutBlocking(new Message(alice, Address.of("room%pbx.example.org", "sip.example.test"),
                    Message.Kind.GROUPCHAT, "hi", java.util.Optional.empty(), java.util.Optional.empty(), "3",
                    java.util.Optional.empty(), java.util.List.of(), java.time.Instant.now()))).isFalse();
        }
        Path examples = dev.ferry.bridge.e2e.PeerScript.repoRoot().resolve("config/examples/routes");
        try (FerryRuntime f = ferry(Map.of("FERRY_ROUTES", examples.toString()))) {
            assertThat(f.gateways().byDomain("irc.example.test").orElseThrow().inboundForTest().takesWithoutBlocking(line)).isFalse();
            assertThat(((ConnectorComponent.ConnectorEndpoint) f.camelContext().getRoute("irc-to-xmpp").getEndpoint())
                    .isEventsOnNetworkThread()).isFalse();
        }
    }

    static Delivery gatewayInbound(dev.ferry.bridge.xmpp.ComponentGateway gateway, Message m) throws Exception {
        var f = gateway.inboundForTest().accept(m).toCompletableFuture();
        return f.get(10, TimeUnit.SECONDS);
    }
}
