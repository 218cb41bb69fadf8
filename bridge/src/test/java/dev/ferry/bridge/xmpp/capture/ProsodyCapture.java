package dev.ferry.bridge.xmpp.capture;

import dev.ferry.bridge.e2e.PeerScript;
import dev.ferry.bridge.stream.ComponentLink;
import dev.ferry.bridge.stream.ComponentLinkListener;
import dev.ferry.bridge.stream.ComponentLinkSettings;
import dev.ferry.bridge.stream.LinkFailure;
import dev.ferry.bridge.xmpp.StanzaCodec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Domainpart;
import org.jxmpp.jid.parts.Localpart;

/**
 * Captures stanzas exactly as Ferry's component link receives them from a real Prosody, for the
 * translator's table tests (STYLE.md point 8). Not a test: run it by hand when the samples need
 * refreshing, then review the diff.
 *
 * <pre>
 * cd bridge &amp;&amp; mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.ferry.bridge.xmpp.capture.ProsodyCapture [outputDir]
 * </pre>
 *
 * It starts an isolated Prosody (src/peers/prosody.sh, instance "capture", c2s 21222,
 * component 21347), logs in alice with Smack, connects irc.localhost and mail.localhost with
 * {@link ComponentLink}, and writes each stanza handed to {@code onStanza} verbatim into
 * {@code <outputDir>/<name>.xml} (default: bridge/src/test/resources/captures/prosody-0.12).
 * That is the text the gateway parses: the link's decoder re-serializes each top-level element
 * standalone (namespace declared on it, double quotes), so it is not Prosody's bytes to the letter.
 * Stanzas nobody asked for go to {@code capture-notes.txt}, so surprises from the server are not missed.
 */
public final class ProsodyCapture {

    private static final String DOMAIN = "localhost";
    private static final int C2S_PORT = 21222;
    private static final int COMPONENT_PORT = 21347;
    private static final int WAIT_SECONDS = 5;

    private static final Pattern ROOT_ATTRIBUTE = Pattern.compile("\\s([\\w:]+)=(['\"])(.*?)\\2");

    private final Path out;
    private final StanzaCodec codec = new StanzaCodec();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Stanza> toAlice = new LinkedBlockingQueue<>();
    private final List<String> backlog = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private final Jid nick = jid("nick%irc.libera.chat@irc.localhost");
    private final Jid channel = jid("#ferry%irc.libera.chat@irc.localhost");
    private final Jid mailbox;

    private ProsodyCapture(Path out) throws Exception {
        this.out = out;
        // What a client does when its user types bob@example.org as a contact on the mail gateway (XEP-0106).
        this.mailbox = JidCreate.entityBareFrom(Localpart.fromUnescaped("bob@example.org"), Domainpart.from("mail.localhost"));
    }

    public static void main(String[] args) throws Exception {
        Path out = args.length > 0 ? Path.of(args[0])
                : PeerScript.repoRoot().resolve("bridge/src/test/resources/captures/prosody-0.12");
        Files.createDirectories(out);
        PeerScript prosody = new PeerScript("prosody", "capture", Map.of(
                "FERRY_C2S_PORT", Integer.toString(C2S_PORT),
                "FERRY_COMPONENT_PORT", Integer.toString(COMPONENT_PORT),
                "FERRY_HTTP_PORT", Integer.toString(C2S_PORT + 58),
                "FERRY_XMPP_DOMAIN", DOMAIN));
        prosody.startFresh();
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            new ProsodyCapture(out).run(io);
        } finally {
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            prosody.tryRun("stop");
        }
    }

    private void run(EventLoopGroup io) throws Exception {
        // Manual, so Smack does not answer subscription requests behind our back.
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        XMPPTCPConnection alice = login("alice");

        // 1. The component is not connected: what happens to a message for it?
        alice.sendStanza(StanzaBuilder.buildMessage("cap-offline").ofType(Message.Type.chat).to(nick)
                .setBody("sent while the gateway was down").build());
        Stanza bounce = awaitAlice(s -> s instanceof Message);
        note("component offline: alice got (as Smack re-serializes it) " + bounce.toXML());

        ComponentLink irc = link(io, "irc.localhost", "irc-secret");
        ComponentLink mail = link(io, "mail.localhost", "mail-secret");
        String late = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        note("component offline: after the component connected it got " + (late == null ? "nothing" : late));

        // 2. Messages from alice to IRC and mail contacts.
        alice.sendStanza(StanzaBuilder.buildMessage("cap-chat-active").ofType(Message.Type.chat).to(nick)
                .setBody("hello from alice").addExtension(new ChatStateExtension(ChatState.active)).build());
        capture("message-chat-active", id("cap-chat-active"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-composing").ofType(Message.Type.chat).to(nick)
                .addExtension(new ChatStateExtension(ChatState.composing)).build());
        capture("message-chat-composing", id("cap-composing"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-subject").ofType(Message.Type.normal).to(mailbox)
                .setSubject("Quarterly report").setThread("thread-7f3a").setBody("See the figures below.").build());
        capture("message-subject-thread", id("cap-subject"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-correction").ofType(Message.Type.chat).to(nick)
                .setBody("hello from alice, corrected").addExtension(new MessageCorrectExtension("cap-chat-active")).build());
        capture("message-correction", id("cap-correction"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-receipt-request").ofType(Message.Type.chat).to(nick)
                .setBody("did you get this?").addExtension(new DeliveryReceiptRequest()).build());
        capture("message-receipt-request", id("cap-receipt-request"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-receipt-received").ofType(Message.Type.chat).to(nick)
                .addExtension(new DeliveryReceipt("irc-msg-42")).build());
        capture("message-receipt-received", id("cap-receipt-received"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-groupchat").ofType(Message.Type.groupchat).to(channel)
                .setBody("hi channel").build());
        capture("message-groupchat", id("cap-groupchat"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-unicode").ofType(Message.Type.chat).to(nick)
                .setBody("Grüße aus Köln 👋🏽 — 日本語, עברית & <tags> \"quoted\" 'apos'").build());
        capture("message-unicode", id("cap-unicode"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-empty").ofType(Message.Type.chat).to(nick).build());
        capture("message-empty", id("cap-empty"));

        alice.sendStanza(StanzaBuilder.buildMessage("cap-error").ofType(Message.Type.error).to(nick)
                .setError(StanzaError.getBuilder(StanzaError.Condition.service_unavailable).build()).build());
        capture("message-error-from-client", id("cap-error"));

        // The server's own bounce: the component writes to a user that does not exist.
        mail.send(codec.serialize(StanzaBuilder.buildMessage("cap-to-nobody").ofType(Message.Type.chat)
                .from(mailbox).to(jid("nobody@localhost")).setBody("anyone there?").build()));
        capture("message-error-bounce", id("cap-to-nobody"));

        // 3. Directed presences.
        alice.sendStanza(StanzaBuilder.buildPresence("cap-available").to(nick).setPriority(5).build());
        capture("presence-available", id("cap-available"));
        alice.sendStanza(StanzaBuilder.buildPresence("cap-away").to(nick).setMode(Presence.Mode.away)
                .setStatus("at lunch").build());
        capture("presence-away-status", id("cap-away"));
        alice.sendStanza(StanzaBuilder.buildPresence("cap-dnd").to(nick).setMode(Presence.Mode.dnd).build());
        capture("presence-dnd", id("cap-dnd"));
        alice.sendStanza(StanzaBuilder.buildPresence("cap-unavailable").ofType(Presence.Type.unavailable).to(nick)
                .setStatus("gone home").build());
        capture("presence-unavailable", id("cap-unavailable"));

        // 4. Subscriptions, in the order a real exchange has them: Prosody routes 'subscribed' and
        //    'unsubscribed' only when they change the roster, so each answers a real request.
        alice.sendStanza(StanzaBuilder.buildPresence("cap-subscribe").ofType(Presence.Type.subscribe).to(nick).build());
        capture("presence-subscribe", presence("subscribe", false));
        irc.send(codec.serialize(StanzaBuilder.buildPresence("gw-subscribed").ofType(Presence.Type.subscribed)
                .from(nick).to(alice.getUser().asBareJid()).build()));
        irc.send(codec.serialize(StanzaBuilder.buildPresence("gw-subscribe").ofType(Presence.Type.subscribe)
                .from(nick).to(alice.getUser().asBareJid()).build()));
        // Prosody acknowledges a subscription request it passes on with an 'unavailable' from the bare JID.
        capture("presence-unavailable-subscribe-ack", presence("unavailable", false));
        awaitAlice(s -> s instanceof Presence p && p.getType() == Presence.Type.subscribe);
        alice.sendStanza(StanzaBuilder.buildPresence("cap-subscribed").ofType(Presence.Type.subscribed).to(nick).build());
        capture("presence-subscribed", presence("subscribed", false));
        // Then the user's current presence (with a delay stamp) and a probe from her bare JID.
        capture("presence-available-after-subscribed", presence(null, true));
        capture("presence-probe-after-subscribed", presence("probe", false));

        // 5. alice goes offline; the gateway writes to her meanwhile. Prosody 0.12 auto-loads
        //    mod_offline, so instead of an error the message should wait for her next login.
        Jid aliceBare = alice.getUser().asBareJid();
        alice.disconnect();
        capture("presence-unavailable-broadcast", presence("unavailable", true));
        irc.send(codec.serialize(StanzaBuilder.buildMessage("gw-to-offline-alice").ofType(Message.Type.chat)
                .from(nick).to(aliceBare).setBody("are you there?").build()));
        String bounced = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        note("user offline: the gateway got " + (bounced == null ? "no error back" : bounced));
        if (bounced != null) {
            backlog.add(bounced);
        }

        // 6. alice logs in again: Prosody broadcasts her presence, probes her contacts and hands
        //    her what was stored while she was away.
        toAlice.clear();
        alice = login("alice");
        Stanza stored = awaitAlice(s -> "gw-to-offline-alice".equals(s.getStanzaId()));
        note("user offline: at her next login alice got (as Smack re-serializes it) " + stored.toXML());
        capture("presence-available-broadcast", presence(null, true));
        capture("presence-probe", presence("probe", true));

        alice.sendStanza(StanzaBuilder.buildPresence("cap-unsubscribe").ofType(Presence.Type.unsubscribe).to(nick).build());
        capture("presence-unsubscribe", presence("unsubscribe", false));
        alice.sendStanza(StanzaBuilder.buildPresence("cap-unsubscribed").ofType(Presence.Type.unsubscribed).to(nick).build());
        capture("presence-unsubscribed", presence("unsubscribed", false));
        capture("presence-unavailable-after-unsubscribed", presence("unavailable", true));

        String extra;
        while ((extra = received.poll(2, TimeUnit.SECONDS)) != null) {
            backlog.add(extra);
        }
        backlog.forEach(xml -> note("also received: " + xml));
        alice.disconnect();
        irc.close();
        mail.close();
        Files.writeString(out.resolve("capture-notes.txt"), String.join("\n", notes) + "\n", StandardCharsets.UTF_8);
    }

    private XMPPTCPConnection login(String user) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN).setHost("127.0.0.1").setPort(C2S_PORT)
                .setUsernameAndPassword(user, user).setResource("phone")
                .setSecurityMode(SecurityMode.disabled).setSendPresence(true).setConnectTimeout(10_000)
                .build());
        c.addSyncStanzaListener(toAlice::add, s -> true);
        c.connect().login();
        return c;
    }

    private ComponentLink link(EventLoopGroup io, String domain, String secret) throws Exception {
        ComponentLink link = new ComponentLink(ComponentLinkSettings.of(domain, "127.0.0.1", COMPONENT_PORT, secret), io,
                new ComponentLinkListener() {
                    @Override
                    public void onConnected(ComponentLink l) {
                    }

                    @Override
                    public void onStanza(ComponentLink l, String stanzaXml) {
                        received.add(stanzaXml);
                    }

                    @Override
                    public void onDisconnected(ComponentLink l, LinkFailure failure) {
                        System.out.println(domain + " down: " + failure.humanMessage());
                    }
                });
        link.start();
        link.firstConnect().get(10, TimeUnit.SECONDS);
        return link;
    }

    /**
     * Saves the first received stanza that matches, verbatim. Stanzas that do not match stay in
     * the backlog for later captures (Prosody's order is not always the one we ask in).
     */
    private void capture(String name, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (int i = 0; ; i++) {
            while (i >= backlog.size()) {
                String xml = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (xml == null) {
                    note(name + ": nothing arrived within " + WAIT_SECONDS + " s");
                    return;
                }
                backlog.add(xml);
            }
            String xml = backlog.get(i);
            if (wanted.test(xml)) {
                backlog.remove(i);
                Files.writeString(out.resolve(name + ".xml"), xml, StandardCharsets.UTF_8);
                System.out.println(name + ": " + xml);
                return;
            }
        }
    }

    private Stanza awaitAlice(Predicate<Stanza> wanted) throws InterruptedException {
        Stanza s;
        while ((s = toAlice.poll(WAIT_SECONDS, TimeUnit.SECONDS)) != null) {
            if (wanted.test(s)) {
                return s;
            }
        }
        throw new IllegalStateException("alice did not get the stanza she waits for within " + WAIT_SECONDS + " s");
    }

    private void note(String line) {
        System.out.println("NOTE " + line);
        notes.add(line);
    }

    private static Predicate<String> id(String id) {
        return xml -> id.equals(rootAttribute(xml, "id"));
    }

    /** A presence of this type (null: available) from a full JID or from a bare one. */
    private static Predicate<String> presence(String type, boolean fromFullJid) {
        return xml -> xml.startsWith("<presence") && Objects.equals(type, rootAttribute(xml, "type"))
                && rootAttribute(xml, "from").contains("/") == fromFullJid;
    }

    private static String rootAttribute(String xml, String name) {
        Matcher m = ROOT_ATTRIBUTE.matcher(xml.substring(0, xml.indexOf('>')));
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(3);
            }
        }
        return null;
    }

    private static EntityBareJid jid(String jid) {
        try {
            return JidCreate.entityBareFrom(jid);
        } catch (Exception e) {
            throw new IllegalArgumentException(jid, e);
        }
    }
}
