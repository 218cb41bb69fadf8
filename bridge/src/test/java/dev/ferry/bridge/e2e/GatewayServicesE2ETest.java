package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user on a real Prosody discovers, pings and queries each of Ferry's components. */
@Tag("e2e")
class GatewayServicesE2ETest {

    static GatewayFixture stage;
    static FerryRuntime ferry;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = GatewayFixture.start("services", 15222, 15347, 0, data);
        ferry = stage.ferry;
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    static DomainBareJid jid(String s) throws Exception {
        return JidCreate.domainBareFrom(s);
    }

    @Test
    void discoInfoNamesEachGateway() throws Exception {
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(alice);
        DiscoverInfo irc = disco.discoverInfo(jid("irc.localhost"));
        assertThat(irc.getIdentities()).extracting(DiscoverInfo.Identity::getCategory, DiscoverInfo.Identity::getType)
                .contains(org.assertj.core.groups.Tuple.tuple("gateway", "irc"), org.assertj.core.groups.Tuple.tuple("conference", "irc"));
        assertThat(irc.getFeatures()).extracting(DiscoverInfo.Feature::getVar)
                .contains("http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
                        "jabber:iq:version", "urn:xmpp:ping", "urn:xmpp:time");
        assertThat(disco.discoverInfo(jid("sip.localhost")).hasIdentity("gateway", "simple")).isTrue();
        assertThat(disco.discoverInfo(jid("mail.localhost")).hasIdentity("gateway", "smtp")).isTrue();
        assertThat(disco.discoverItems(jid("irc.localhost")).getItems()).isEmpty();
    }

    @Test
    void pingVersionAndTimeAnswer() throws Exception {
        PingManager ping = PingManager.getInstanceFor(alice);
        for (String d : new String[] {"irc.localhost", "sip.localhost", "mail.localhost"}) {
            assertThat(ping.ping(jid(d))).as("ping %s", d).isTrue();
        }
        Version v = VersionManager.getInstanceFor(alice).getVersion(jid("irc.localhost"));
        assertThat(v.getName()).isEqualTo("Ferry");
        assertThat(EntityTimeManager.getInstanceFor(alice).getTime(jid("sip.localhost")).getUtc()).isNotBlank();
    }

    @Test
    void unknownIqIsServiceUnavailable() throws Exception {
        IQ unknown = new IQ("query", "urn:example:no-such-protocol") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.setEmptyElement();
                return xml;
            }
        };
        unknown.setType(IQ.Type.get);
        unknown.setTo(jid("irc.localhost"));
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(unknown))
                .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void messageToAnUnknownLocalPartIsItemNotFound() throws Exception {
        assertThat(errorFor("#chan%@irc.localhost").getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
        assertThat(errorFor("missing-host%@sip.localhost").getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
    }

    @Test
    void healthEndpointSaysLinksAreUp() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ferry.healthReport().healthy());
        assertThat(ferry.healthReport().toJson()).contains("\"irc.localhost\":\"up\"");
        assertThat(ferry.metrics().scrape()).contains("ferry_stanzas_in_total", "jvm_gc_memory_allocated_bytes_total",
                "jvm_memory_used_bytes{area=\"heap\"", "process_cpu_usage");
    }

    private StanzaError errorFor(String to) throws Exception {
        BlockingQueue<Message> errors = new ArrayBlockingQueue<>(10);
        String id = "e2e-" + System.nanoTime();
        alice.addAsyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error && id.equals(m.getStanzaId()));
        alice.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage(id).to(to).ofType(Message.Type.chat)
                .setBody("hello").build());
        Message error = errors.poll(10, TimeUnit.SECONDS);
        assertThat(error).as("error reply for %s", to).isNotNull();
        return error.getError();
    }
}
