package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An XMPP user registers her SIP account (XEP-0077 on sip.gw) at a real Kamailio registrar with
 * digest auth: Ferry registers, refreshes and unregisters it; a MESSAGE to her AOR, routed by
 * Kamailio to Ferry's contact, reaches her JID; what she sends goes out as her AOR through
 * Kamailio, answering its proxy challenge.
 */
@Tag("e2e")
class SipRegistrationE2ETest {

    static final int SIP_PORT = 27360;
    static final int KAMAILIO_PORT = 27380;
    static final int PHONE_PORT = 27390;
    static final int UAC_PORT = 27391;
    static SipStage stage;
    static PeerScript kamailio;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        E2E.requireCommand("sipp");
        E2E.requireCommand("kamailio");
        kamailio = new PeerScript("kamailio", "sip-registration", Map.of(
                "FERRY_SIP_PORT", Integer.toString(KAMAILIO_PORT),
                "FERRY_SIP_PHONE_PORT", Integer.toString(PHONE_PORT),
                "FERRY_SIP_DOMAIN", "kamailio.test",
                "FERRY_SIP_USER", "alice",
                "FERRY_SIP_PASSWORD", "alice-sip"));
        kamailio.run("start");
        // nothing on 127.0.0.1 is trusted: Kamailio's requests pass only because they are for a registered account
        stage = SipStage.start("sip-registration", 27622, 27647, SIP_PORT, Map.of("FERRY_SIP_TRUSTED", "127.0.0.2/32"), data);
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
        if (kamailio != null) {
            kamailio.tryRun("stop");
        }
    }

    static Jid gateway() throws Exception {
        return JidCreate.from(SipStage.GATEWAY);
    }

    static IQ submit(Map<String, String> values) throws Exception {
        var form = DataForm.builder(DataForm.Type.submit).setFormType("jabber:iq:register");
        values.forEach((k, v) -> form.addField(org.jivesoftware.smackx.xdata.FormField.textSingleBuilder(k).setValue(v).build()));
        Registration set = new Registration();
        set.setType(IQ.Type.set);
        set.setTo(gateway());
        set.addExtension(form.build());
        return set;
    }

    static SipSipp messageToAlice(String text) throws Exception {
        return SipSipp.start("message-uac.xml", "127.0.0.1", UAC_PORT, "udp", "127.0.0.1:" + KAMAILIO_PORT,
                Map.of("body", text, "from", "bob", "subject", "via kamailio", "ctype", "text/plain"), "-s", "alice");
    }

    @Test
    void aliceRegistersHerSipAccountAndUsesIt() throws Exception {
        Registration get = new Registration();
        get.setType(IQ.Type.get);
        get.setTo(gateway());
        DataForm fields = DataForm.from(alice.sendIqRequestAndWaitForResponse(get));
        assertThat(fields.getFields()).extracting(f -> f.getFieldName()).contains("aor", "auth-user", "password", "registrar", "expires");

        // a wrong password: Kamailio challenges again, and the form says so; nothing is kept
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(submit(Map.of("aor", "sip:alice@kamailio.test",
                "password", "wrong", "registrar", "sip:127.0.0.1:" + KAMAILIO_PORT))))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                    assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
                    assertThat(e.getStanzaError().getDescriptiveText()).contains("401");
                });

        alice.sendIqRequestAndWaitForResponse(submit(Map.of("aor", "sip:alice@kamailio.test", "password", "alice-sip",
                "registrar", "sip:127.0.0.1:" + KAMAILIO_PORT, "expires", "6")));
        Registration again = new Registration();
        again.setType(IQ.Type.get);
        again.setTo(gateway());
        assertThat(alice.sendIqRequestAndWaitForResponse(again).toXML().toString())
                .contains("<registered").contains("sip:alice@kamailio.test").doesNotContain("alice-sip");

        // past the 6-second lifetime: only a refreshed binding still routes to Ferry
        Thread.sleep(7_500);
        Jid bob = JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY);
        try (StanzaCollector inbox = alice.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createBare(bob)));
             SipSipp uac = messageToAlice("hello through kamailio")) {
            uac.await();
            assertThat((String) uac.status()).isEqualTo("202 Accepted");
            Message got = inbox.nextResult(10_000);
            assertThat((Object) got).isNotNull();
            assertThat(got.getBody()).isEqualTo("hello through kamailio");
        }

        // what alice sends goes out as her AOR, through Kamailio, which challenges it (407)
        Jid carol = JidCreate.entityBareFrom("carol%phone.test@" + SipStage.GATEWAY);
        try (SipSipp phone = SipSipp.start("message-uas-200.xml", "127.0.0.1", PHONE_PORT, "udp", null, Map.of());
             StanzaCollector errors = alice.createStanzaCollector(new AndFilter(MessageTypeFilter.ERROR, FromMatchesFilter.createBare(carol)))) {
            Thread.sleep(300);
            alice.sendStanza(StanzaBuilder.buildMessage("as-aor").to(carol).ofType(Message.Type.chat).setBody("from my account").build());
            assertThat(phone.await()).as(phone.output()).isTrue();
            assertThat(phone.receivedRequest()).startsWith("MESSAGE sip:carol@phone.test SIP/2.0\n")
                    .contains("\nFrom: <sip:alice@kamailio.test>;tag=").endsWith("\n\nfrom my account");
            assertThat((Object) errors.nextResult(500)).isNull();
        }

        // her presence subscriptions go out as her AOR too, through Kamailio's challenge
        org.jivesoftware.smack.roster.Roster roster = org.jivesoftware.smack.roster.Roster.getInstanceFor(alice);
        try (SipSipp phone = SipSipp.start("subscribe-uas.xml", "127.0.0.1", PHONE_PORT, "udp", null, Map.of());
             StanzaCollector presences = alice.createStanzaCollector(new AndFilter(
                     org.jivesoftware.smack.filter.StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(carol),
                     p -> ((org.jivesoftware.smack.packet.Presence) p).getType() == org.jivesoftware.smack.packet.Presence.Type.available))) {
            Thread.sleep(300);
            roster.createItemAndRequestSubscription(carol.asBareJid().asEntityBareJidIfPossible(), "Carol", null);
            org.jivesoftware.smack.packet.Presence p = presences.nextResult(10_000);
            assertThat((Object) p).isNotNull();
            assertThat(p.getStatus()).isEqualTo("on the beach");
            Thread.sleep(2_600);
            alice.sendStanza(org.jivesoftware.smack.packet.PresenceBuilder.buildPresence().to(carol)
                    .ofType(org.jivesoftware.smack.packet.Presence.Type.unsubscribe).build());
            assertThat(phone.await()).as(phone.output() + phone.log()).isTrue();
            assertThat(SipPresenceE2ETest.requests(phone.log(), "SUBSCRIBE").get(0))
                    .startsWith("SUBSCRIBE sip:carol@phone.test SIP/2.0").contains("\nFrom: <sip:alice@kamailio.test>;tag=");
        }

        // unregistered: Kamailio no longer knows where alice is
        Registration remove = new Registration(Map.of("remove", ""));
        remove.setType(IQ.Type.set);
        remove.setTo(gateway());
        alice.sendIqRequestAndWaitForResponse(remove);
        try (SipSipp uac = messageToAlice("anyone?")) {
            uac.await();
            assertThat((String) uac.status()).startsWith("404");
        }
    }
}
