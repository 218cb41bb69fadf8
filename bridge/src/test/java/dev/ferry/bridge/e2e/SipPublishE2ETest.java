package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code sip.publish}, the presence of a user with a registered SIP account is PUBLISHed
 * (RFC 3903) to her AOR: PIDF on a change, removed with SIP-If-Match and Expires: 0 when she
 * goes unavailable. SIPp plays her registrar and presence server.
 */
@Tag("e2e")
class SipPublishE2ETest {

    static final int SIP_PORT = 27760;
    static final int SERVER_PORT = 27770;
    @TempDir
    static Path data;

    @Test
    void aRegisteredUsersPresenceIsPublishedAndRemoved() throws Exception {
        E2E.requireCommand("sipp");
        try (SipSipp server = SipSipp.start("presence-server-uas.xml", "127.0.0.1", SERVER_PORT, "udp", null, Map.of(),
                "-m", "2");
             SipStage stage = SipStage.start("sip-publish", 27722, 27747, SIP_PORT, Map.of("FERRY_SIP_PUBLISH", "true"), data)) {
            var alice = stage.alice;
            alice.sendIqRequestAndWaitForResponse(SipRegistrationE2ETest.submit(Map.of("aor", "sip:alice@presence.test",
                    "password", "pw", "registrar", "sip:127.0.0.1:" + SERVER_PORT)));
            var bob = JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY);
            // what the SIP side sees of alice (here a directed presence; a broadcast to SIP contacts alike)
            alice.sendStanza(PresenceBuilder.buildPresence().to(bob).ofType(Presence.Type.available)
                    .setMode(Presence.Mode.away).setStatus("out for lunch").build());
            Thread.sleep(1_000);
            alice.sendStanza(PresenceBuilder.buildPresence().to(bob).ofType(Presence.Type.unavailable).build());
            Thread.sleep(1_000);
            Registration remove = new Registration(Map.of("remove", ""));
            remove.setType(IQ.Type.set);
            remove.setTo(JidCreate.from(SipStage.GATEWAY));
            alice.sendIqRequestAndWaitForResponse(remove);
            assertThat(server.await()).as(server.output() + server.log()).isTrue();
            List<String> publishes = SipPresenceE2ETest.requests(server.log(), "PUBLISH");
            assertThat(publishes).hasSize(2);
            assertThat(publishes.get(0)).startsWith("PUBLISH sip:alice@presence.test SIP/2.0")
                    .contains("Event: presence").contains("Expires: 3600").contains("Content-Type: application/pidf+xml")
                    .contains("<basic>open</basic>").contains("<rpid:away").contains("out for lunch")
                    .doesNotContain("SIP-If-Match");
            assertThat(publishes.get(1)).contains("SIP-If-Match: ferry-et1").contains("Expires: 0").doesNotContain("<presence");
        }
    }
}
