package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ferry.spi.Address;
import dev.ferry.spi.ChatState;
import dev.ferry.spi.Event;
import dev.ferry.spi.Attachment;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Presence;
import dev.ferry.spi.Receipt;
import dev.ferry.spi.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jivesoftware.smack.packet.Stanza;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StanzaTranslator} against stanzas a real Prosody 0.12 delivered to the component
 * (captures/prosody-0.12, see its README), then every event kind out and back in again.
 */
class StanzaTranslatorTest {

    private static final String CAPTURES = "/captures/prosody-0.12/";
    /** The translator's clock: what a message without a delay stamp is dated. */
    private static final Instant NOW = Instant.parse("2026-11-26T02:03:26Z");

    private static final Address ALICE = new Address("alice", "localhost", "phone");
    private static final Address ALICE_BARE = Address.of("alice", "localhost");
    private static final Address NICK = Address.of("nick%irc.libera.chat", "irc.localhost");
    private static final Address CHANNEL = Address.of("#ferry%irc.libera.chat", "irc.localhost");
    /** bob@example.org as a contact of the mail gateway: the client escaped the @ (XEP-0106), and it stays escaped. */
    private static final Address MAILBOX = Address.of("bob\\40example.org", "mail.localhost");

    private final StanzaTranslator translator = new StanzaTranslator(Clock.fixed(NOW, ZoneOffset.UTC));
    private final StanzaCodec codec = new StanzaCodec();

    static Stream<Arguments> capturesWithAnEvent() {
        return Stream.of(
                arguments("message-chat-active",
                        message(ALICE, NICK, Message.Kind.CHAT, "hello from alice", null, null, "cap-chat-active", null)),
                arguments("message-chat-composing", new ChatState(ALICE, NICK, ChatState.State.COMPOSING)),
                arguments("message-subject-thread",
                        message(ALICE, MAILBOX, Message.Kind.NORMAL, "See the figures below.", "Quarterly report",
                                "thread-7f3a", "cap-subject", null)),
                arguments("message-correction",
                        message(ALICE, NICK, Message.Kind.CHAT, "hello from alice, corrected", null, null,
                                "cap-correction", "cap-chat-active")),
                arguments("message-receipt-request",
                        message(ALICE, NICK, Message.Kind.CHAT, "did you get this?", null, null, "cap-receipt-request", null)
                                .withReceiptRequested()),
                // alice's client refused a message a network sent her: the network's sender must hear of it.
                arguments("message-error-from-client",
                        new MessageError(ALICE, NICK, "cap-error", Failure.SERVICE_UNAVAILABLE, Optional.empty())),
                arguments("message-error-bounce", new MessageError(Address.of("nobody", "localhost"), MAILBOX,
                        "cap-to-nobody", Failure.SERVICE_UNAVAILABLE, Optional.empty())),
                arguments("presence-probe", new Subscription(ALICE, NICK, Subscription.Kind.PROBE)),
                arguments("presence-probe-after-subscribed", new Subscription(ALICE_BARE, NICK, Subscription.Kind.PROBE)),
                arguments("message-receipt-received", new Receipt(ALICE, NICK, "irc-msg-42")),
                arguments("message-groupchat",
                        message(ALICE, CHANNEL, Message.Kind.GROUPCHAT, "hi channel", null, null, "cap-groupchat", null)),
                arguments("message-unicode",
                        message(ALICE, NICK, Message.Kind.CHAT, "Grüße aus Köln 👋🏽 — 日本語, עברית & <tags> \"quoted\" 'apos'",
                                null, null, "cap-unicode", null)),
                arguments("presence-available", presence(ALICE, Presence.Availability.AVAILABLE, null, 5)),
                arguments("presence-away-status", presence(ALICE, Presence.Availability.AWAY, "at lunch", 0)),
                arguments("presence-dnd", presence(ALICE, Presence.Availability.DO_NOT_DISTURB, null, 0)),
                arguments("presence-unavailable", presence(ALICE, Presence.Availability.UNAVAILABLE, "gone home", 0)),
                // Prosody's answer to a subscription request from the gateway, from alice's bare JID.
                arguments("presence-unavailable-subscribe-ack", presence(ALICE_BARE, Presence.Availability.UNAVAILABLE, null, 0)),
                // Carries a delay stamp, which presences do not keep.
                arguments("presence-available-after-subscribed", presence(ALICE, Presence.Availability.AVAILABLE, null, 0)),
                arguments("presence-available-broadcast", presence(ALICE, Presence.Availability.AVAILABLE, null, 0)),
                arguments("presence-unavailable-broadcast", presence(ALICE, Presence.Availability.UNAVAILABLE, null, 0)),
                arguments("presence-unavailable-after-unsubscribed", presence(ALICE, Presence.Availability.UNAVAILABLE, null, 0)),
                arguments("presence-subscribe", new Subscription(ALICE_BARE, NICK, Subscription.Kind.SUBSCRIBE)),
                arguments("presence-subscribed", new Subscription(ALICE_BARE, NICK, Subscription.Kind.SUBSCRIBED)),
                arguments("presence-unsubscribe", new Subscription(ALICE_BARE, NICK, Subscription.Kind.UNSUBSCRIBE)),
                arguments("presence-unsubscribed", new Subscription(ALICE_BARE, NICK, Subscription.Kind.UNSUBSCRIBED)));
    }

    /** Stanzas the gateway answers (or drops) itself: nothing for a connector. */
    static Stream<String> capturesWithoutAnEvent() {
        return Stream.of("message-empty");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithAnEvent")
    void capturedStanzaBecomesTheEvent(String capture, Event expected) throws Exception {
        Optional<Event> event = translator.toEvent(parse(capture));

        assertThat(event).isPresent();
        assertThat(event.get()).isInstanceOf(expected.getClass())
                .usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void aLinkWithoutABodyBecomesAMessageWithTheLinkAsText() throws Exception {
        Optional<Event> event = translator.toEvent(codec.parse("<message xmlns='jabber:component:accept' type='chat' id='oob1' "
                + "from='alice@localhost/phone' to='bob\\40example.org@mail.localhost'><x xmlns='jabber:x:oob'>"
                + "<url>https://upload.localhost/f/1/cat.jpg</url><desc>cat</desc></x></message>"));
        assertThat(event).get().isInstanceOfSatisfying(Message.class, m -> {
            assertThat(m.body()).isEqualTo("https://upload.localhost/f/1/cat.jpg");
            assertThat(m.attachments()).singleElement().satisfies(a -> assertThat(a.name()).contains("cat"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithoutAnEvent")
    void capturedStanzaHasNoEvent(String capture) throws Exception {
        assertThat(translator.toEvent(parse(capture))).isEmpty();
    }

    /** A capture nobody asserts on is a sample that proves nothing; a table entry without a file is a typo. */
    @Test
    void everyCaptureIsInExactlyOneTable() throws Exception {
        List<String> inTables = Stream.concat(capturesWithAnEvent().map(a -> (String) a.get()[0]), capturesWithoutAnEvent())
                .toList();
        Set<String> files;
        try (Stream<Path> dir = Files.list(Path.of(StanzaTranslatorTest.class.getResource(CAPTURES).toURI()))) {
            files = dir.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - ".xml".length())).collect(Collectors.toSet());
        }

        assertThat(inTables).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
    }

    static Stream<Arguments> outgoingEvents() {
        return Stream.of(
                arguments("chat", message(NICK, ALICE_BARE, Message.Kind.CHAT, "hello back", null, null, "irc-1", null)),
                arguments("chat with markup and emoji",
                        message(NICK, ALICE, Message.Kind.CHAT, "a < b && c > d 👋🏽 'x' \"y\"", null, null, "irc-2", null)),
                arguments("groupchat, sender in the resource",
                        message(new Address("#ferry%irc.libera.chat", "irc.localhost", "nick"), ALICE,
                                Message.Kind.GROUPCHAT, "hi all", null, null, "irc-3", null)),
                arguments("normal with subject and thread, escaped local part",
                        message(MAILBOX, ALICE_BARE, Message.Kind.NORMAL, "Figures attached.", "Re: Quarterly report",
                                "thread-7f3a", "mail-4", null)),
                arguments("headline from the gateway itself",
                        message(Address.domain("irc.localhost"), ALICE, Message.Kind.HEADLINE, "netsplit", null, null,
                                "irc-5", null)),
                arguments("correction", message(NICK, ALICE, Message.Kind.CHAT, "fixed", null, null, "irc-6", "irc-1")),
                arguments("available, priority 5", presence(NICK, ALICE_BARE, Presence.Availability.AVAILABLE, null, 5)),
                arguments("free for chat", presence(NICK, ALICE_BARE, Presence.Availability.CHAT, null, 0)),
                arguments("away with status", presence(NICK, ALICE_BARE, Presence.Availability.AWAY, "Auto away", 0)),
                arguments("extended away", presence(NICK, ALICE_BARE, Presence.Availability.EXTENDED_AWAY, null, -1)),
                arguments("do not disturb", presence(NICK, ALICE_BARE, Presence.Availability.DO_NOT_DISTURB, "in a call", 0)),
                arguments("unavailable with status", presence(NICK, ALICE_BARE, Presence.Availability.UNAVAILABLE, "Quit: bye", 0)),
                arguments("subscribe", new Subscription(NICK, ALICE_BARE, Subscription.Kind.SUBSCRIBE)),
                arguments("subscribed", new Subscription(NICK, ALICE_BARE, Subscription.Kind.SUBSCRIBED)),
                arguments("unsubscribe", new Subscription(NICK, ALICE_BARE, Subscription.Kind.UNSUBSCRIBE)),
                arguments("unsubscribed", new Subscription(NICK, ALICE_BARE, Subscription.Kind.UNSUBSCRIBED)),
                arguments("active", new ChatState(NICK, ALICE, ChatState.State.ACTIVE)),
                arguments("composing", new ChatState(NICK, ALICE, ChatState.State.COMPOSING)),
                arguments("paused", new ChatState(NICK, ALICE, ChatState.State.PAUSED)),
                arguments("inactive", new ChatState(NICK, ALICE, ChatState.State.INACTIVE)),
                arguments("gone", new ChatState(NICK, ALICE, ChatState.State.GONE)),
                arguments("receipt", new Receipt(NICK, ALICE, "cap-receipt-request")),
                arguments("receipt requested", message(NICK, ALICE, Message.Kind.CHAT, "got it?", null, null, "sip-7", null)
                        .withReceiptRequested()),
                arguments("attachment as an out-of-band link", new Message(MAILBOX, ALICE_BARE, Message.Kind.NORMAL,
                        "report.pdf: https://upload.localhost/f/abc/report.pdf", Optional.of("Figures"), Optional.empty(),
                        "mail-8", Optional.empty(), List.of(new Attachment(URI.create("https://upload.localhost/f/abc/report.pdf"),
                                Optional.of("report.pdf"), Optional.empty(), -1)), NOW)),
                arguments("error about a message the user sent",
                        new MessageError(NICK, ALICE, "cap-chat-active", Failure.RECIPIENT_UNAVAILABLE, Optional.of("bob is offline"))),
                arguments("error without a text", new MessageError(NICK, ALICE, "x-1", Failure.ITEM_NOT_FOUND, Optional.empty())),
                arguments("probe", new Subscription(NICK, ALICE_BARE, Subscription.Kind.PROBE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outgoingEvents")
    void eventBecomesAStanzaThatReadsBackAsTheSameEvent(String name, Event event) throws Exception {
        String xml = codec.serialize(translator.toStanza(event));

        // On a component stream the stanza takes the stream's jabber:component:accept; Smack's
        // jabber:client must not leak onto the root.
        String rootTag = xml.substring(0, xml.indexOf('>'));
        assertThat(rootTag).doesNotContain("xmlns=").doesNotContain("jabber:client");
        Optional<Event> back = translator.toEvent(codec.parse(asReceivedFromComponentStream(xml)));
        assertThat(back).isPresent();
        assertThat(back.get()).isInstanceOf(event.getClass()).usingRecursiveComparison().isEqualTo(event);
    }

    private Stanza parse(String capture) throws StanzaParseException {
        return codec.parse(resource(capture + ".xml"));
    }

    /**
     * What the far end of the component stream hands its parser: the stanza inherited the stream's
     * default namespace, and re-serialized standalone it declares it (as ComponentLink's decoder does).
     */
    private static String asReceivedFromComponentStream(String xml) {
        int at = xml.startsWith("<message") ? "<message".length() : "<presence".length();
        return xml.substring(0, at) + " xmlns='jabber:component:accept'" + xml.substring(at);
    }

    private static String resource(String name) {
        try (InputStream in = StanzaTranslatorTest.class.getResourceAsStream(CAPTURES + name)) {
            assertThat(in).as("resource %s%s", CAPTURES, name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Message message(Address from, Address to, Message.Kind kind, String body, String subject,
                                   String thread, String id, String replaces) {
        return new Message(from, to, kind, body, Optional.ofNullable(subject), Optional.ofNullable(thread), id,
                Optional.ofNullable(replaces), List.of(), NOW);
    }

    /** A presence from alice to the IRC contact, as in the captures. */
    private static Presence presence(Address from, Presence.Availability availability, String status, int priority) {
        return presence(from, NICK, availability, status, priority);
    }

    private static Presence presence(Address from, Address to, Presence.Availability availability, String status,
                                     int priority) {
        return new Presence(from, to, availability, Optional.ofNullable(status), priority);
    }

    @org.junit.jupiter.api.Test
    void historyIsStampedWithItsRealTimeAndReadBackAsDelayed() throws Exception {
        java.time.Instant then = java.time.Instant.parse("2026-11-20T08:30:00Z");
        Message history = new Message(new Address("#ferry%irc.example.org", "irc.localhost", "bob"),
                new Address("alice", "localhost", "pc"), Message.Kind.GROUPCHAT, "old news", Optional.empty(),
                Optional.empty(), "h1", Optional.empty(), List.of(), then, true);
        String xml = codec.serialize(translator.toStanza(history));
        org.assertj.core.api.Assertions.assertThat(xml).contains("urn:xmpp:delay", "2026-11-20T08:30:00");
        Message back = (Message) translator.toEvent(codec.parse(asReceivedFromComponentStream(xml))).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(back.delayed()).isTrue();
        org.assertj.core.api.Assertions.assertThat(back.sent()).isEqualTo(then);
        Message live = new Message(history.from(), history.to(), Message.Kind.GROUPCHAT, "now", Optional.empty(),
                Optional.empty(), "l1", Optional.empty(), List.of(), then);
        org.assertj.core.api.Assertions.assertThat(codec.serialize(translator.toStanza(live))).doesNotContain("urn:xmpp:delay");
    }
}
