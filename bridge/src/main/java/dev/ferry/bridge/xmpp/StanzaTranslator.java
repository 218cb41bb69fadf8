package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Address;
import dev.ferry.spi.Attachment;
import dev.ferry.spi.ChatState;
import dev.ferry.spi.Event;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Presence;
import dev.ferry.spi.Receipt;
import dev.ferry.spi.Subscription;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;

/**
 * Pure translation between Smack stanzas and the neutral event model: no sockets, no state.
 * What a stanza carries that the model has no place for yet is left out on purpose and listed
 * in {@link #toEvent}'s javadoc, so nothing is lost without saying so.
 *
 * <p>Table-tested against stanzas captured from Prosody 0.12 ({@code src/test/resources/captures}).
 */
public final class StanzaTranslator {

    private static final String OOB_ELEMENT = "x";
    private static final String OOB_NAMESPACE = "jabber:x:oob";

    /** Dates a message that carries no XEP-0203 delay: it was sent now. A parameter so tests stay deterministic. */
    private final Clock clock;

    public StanzaTranslator() {
        this(Clock.systemUTC());
    }

    public StanzaTranslator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A message with a body becomes a {@link Message}; without a body, a receipt or a chat state.
     * Presences become {@link Presence} or {@link Subscription}. Anything else (an empty message,
     * a presence probe, an error) has no event and is answered by the gateway itself.
     *
     * <p>A message of type error becomes a {@link MessageError} about the message it answers. XEP-0066
     * out-of-band links become {@link Attachment}s; a XEP-0184 request sets {@code receiptRequested}.
     *
     * <p>Left out for now: a chat state that rides along with a body, the delay stamp of a presence,
     * and anything else the model has no place for (vCard update hashes, xml:lang).
     */
    public Optional<Event> toEvent(Stanza stanza) {
        if (stanza.getFrom() == null || stanza.getTo() == null) {
            return Optional.empty();
        }
        Address from = JidAddresses.toAddress(stanza.getFrom());
        Address to = JidAddresses.toAddress(stanza.getTo());
        if (stanza instanceof org.jivesoftware.smack.packet.Message m) {
            return message(m, from, to);
        }
        if (stanza instanceof org.jivesoftware.smack.packet.Presence p) {
            return presence(p, from, to);
        }
        return Optional.empty();
    }

    private Optional<Event> message(org.jivesoftware.smack.packet.Message m, Address from, Address to) {
        if (m.getType() == org.jivesoftware.smack.packet.Message.Type.error) {
            StanzaError error = m.getError();
            return Optional.of(new MessageError(from, to, m.getStanzaId(),
                    error == null ? dev.ferry.spi.Failure.INTERNAL_SERVER_ERROR : StanzaErrors.failure(error.getCondition()),
                    Optional.ofNullable(error).map(StanzaError::getDescriptiveText).filter(t -> !t.isEmpty())));
        }
        List<Attachment> links = attachments(m);
        if (m.getBody() != null || !links.isEmpty()) {
            // A file shared with its link only (XEP-0066, no body): the link is the text, so it is not lost.
            String body = m.getBody() != null ? m.getBody()
                    : String.join("\n", links.stream().map(l -> l.url().toString()).toList());
            DelayInformation delay = DelayInformation.from(m);
            Instant sent = delay == null ? clock.instant() : delay.getStamp().toInstant();
            // smack-extensions registers a provider for XEP-0308, so <replace/> always arrives as
            // a MessageCorrectExtension, never as a generic element.
            Optional<String> replaces = Optional.ofNullable(MessageCorrectExtension.from(m))
                    .map(MessageCorrectExtension::getIdInitialMessage);
            return Optional.of(new Message(from, to, kind(m.getType()), body,
                    Optional.ofNullable(m.getSubject()), Optional.ofNullable(m.getThread()),
                    m.getStanzaId(), replaces, links, sent, delay != null,
                    DeliveryReceiptRequest.from(m) != null));
        }
        DeliveryReceipt receipt = DeliveryReceipt.from(m);
        if (receipt != null) {
            return Optional.of(new Receipt(from, to, receipt.getId()));
        }
        // Chat states are five elements in one namespace, so Smack cannot look them up by class.
        return m.getExtensions().stream().filter(ChatStateExtension.class::isInstance)
                .map(e -> (Event) new ChatState(from, to, ChatState.State.valueOf(
                        ((ChatStateExtension) e).getChatState().name().toUpperCase(Locale.ROOT))))
                .findFirst();
    }

    /** XEP-0066 links; Smack has no provider for them, so they arrive as generic elements. */
    private static List<Attachment> attachments(org.jivesoftware.smack.packet.Message m) {
        List<Attachment> out = new java.util.ArrayList<>();
        for (ExtensionElement e : m.getExtensions(OOB_ELEMENT, OOB_NAMESPACE)) {
            if (!(e instanceof StandardExtensionElement x) || x.getFirstElement("url") == null) {
                continue;
            }
            try {
                URI url = new URI(x.getFirstElement("url").getText().trim());
                Optional<String> desc = Optional.ofNullable(x.getFirstElement("desc"))
                        .map(StandardExtensionElement::getText).filter(t -> !t.isBlank());
                out.add(new Attachment(url, desc, Optional.empty(), -1));
            } catch (java.net.URISyntaxException ignored) {
                // A link that is not a URI stays in the body, which clients put it in as well.
            }
        }
        return out;
    }

    private Optional<Event> presence(org.jivesoftware.smack.packet.Presence p, Address from, Address to) {
        Optional<String> status = Optional.ofNullable(p.getStatus());
        return switch (p.getType()) {
            case available -> Optional.of(new Presence(from, to, availability(p.getMode()), status, p.getPriority()));
            case unavailable -> Optional.of(new Presence(from, to, Presence.Availability.UNAVAILABLE, status, 0));
            case subscribe -> Optional.of(new Subscription(from, to, Subscription.Kind.SUBSCRIBE));
            case subscribed -> Optional.of(new Subscription(from, to, Subscription.Kind.SUBSCRIBED));
            case unsubscribe -> Optional.of(new Subscription(from, to, Subscription.Kind.UNSUBSCRIBE));
            case unsubscribed -> Optional.of(new Subscription(from, to, Subscription.Kind.UNSUBSCRIBED));
            case probe -> Optional.of(new Subscription(from, to, Subscription.Kind.PROBE));
            default -> Optional.empty();
        };
    }

    /** The stanza a connector's event becomes on the XMPP side. */
    public Stanza toStanza(Event event) {
        StanzaBuilder<?> builder;
        if (event instanceof Message m) {
            builder = message(m);
        } else if (event instanceof Presence p) {
            builder = presence(p);
        } else if (event instanceof Subscription s) {
            builder = StanzaBuilder.buildPresence().ofType(switch (s.kind()) {
                case SUBSCRIBE -> org.jivesoftware.smack.packet.Presence.Type.subscribe;
                case SUBSCRIBED -> org.jivesoftware.smack.packet.Presence.Type.subscribed;
                case UNSUBSCRIBE -> org.jivesoftware.smack.packet.Presence.Type.unsubscribe;
                case UNSUBSCRIBED -> org.jivesoftware.smack.packet.Presence.Type.unsubscribed;
                case PROBE -> org.jivesoftware.smack.packet.Presence.Type.probe;
            });
        } else if (event instanceof ChatState c) {
            builder = StanzaBuilder.buildMessage().ofType(org.jivesoftware.smack.packet.Message.Type.chat)
                    .addExtension(new ChatStateExtension(
                            org.jivesoftware.smackx.chatstates.ChatState.valueOf(c.state().name().toLowerCase(Locale.ROOT))));
        } else if (event instanceof Receipt r) {
            builder = StanzaBuilder.buildMessage().addExtension(new DeliveryReceipt(r.messageId()));
        } else if (event instanceof MessageError e) {
            StanzaError.Builder error = StanzaError.getBuilder(StanzaErrors.condition(e.failure()));
            e.text().ifPresent(error::setDescriptiveEnText);
            builder = (e.messageId().isEmpty() ? StanzaBuilder.buildMessage() : StanzaBuilder.buildMessage(e.messageId()))
                    .ofType(org.jivesoftware.smack.packet.Message.Type.error).setError(error.build());
        } else {
            // RoomEvent: the MUC facade turns it into occupant presences; there is no one-to-one stanza.
            throw new IllegalArgumentException("room events are sent by the MUC facade, not translated one to one");
        }
        return builder.from(JidAddresses.toJid(event.from())).to(JidAddresses.toJid(event.to())).build();
    }

    private MessageBuilder message(Message m) {
        MessageBuilder b = (m.id() == null || m.id().isEmpty() ? StanzaBuilder.buildMessage() : StanzaBuilder.buildMessage(m.id()))
                .ofType(switch (m.kind()) {
                    case CHAT -> org.jivesoftware.smack.packet.Message.Type.chat;
                    case GROUPCHAT -> org.jivesoftware.smack.packet.Message.Type.groupchat;
                    case HEADLINE -> org.jivesoftware.smack.packet.Message.Type.headline;
                    case NORMAL -> org.jivesoftware.smack.packet.Message.Type.normal;
                })
                .setBody(m.body());
        m.subject().ifPresent(b::setSubject);
        m.thread().ifPresent(b::setThread);
        m.replaces().ifPresent(id -> b.addExtension(new MessageCorrectExtension(id)));
        if (m.receiptRequested()) {
            b.addExtension(new DeliveryReceiptRequest());
        }
        for (Attachment a : m.attachments()) {
            StandardExtensionElement.Builder oob = StandardExtensionElement.builder(OOB_ELEMENT, OOB_NAMESPACE)
                    .addElement("url", a.url().toString());
            a.name().ifPresent(name -> oob.addElement("desc", name));
            b.addExtension(oob.build());
        }
        if (m.delayed()) {
            // History and messages that waited: XEP-0203 tells the client when they were really sent.
            b.addExtension(new DelayInformation(java.util.Date.from(m.sent())));
        }
        return b;
    }

    private PresenceBuilder presence(Presence p) {
        PresenceBuilder b = StanzaBuilder.buildPresence();
        if (p.availability() == Presence.Availability.UNAVAILABLE) {
            b.ofType(org.jivesoftware.smack.packet.Presence.Type.unavailable);
        } else {
            b.ofType(org.jivesoftware.smack.packet.Presence.Type.available).setMode(mode(p.availability()));
            if (p.priority() != 0) {
                b.setPriority(p.priority());
            }
        }
        if (p.roomJoin() && p.availability() != Presence.Availability.UNAVAILABLE) {
            // Prosody (0.12) only takes a join that carries the MUC element; history 0: a relay must not replay it.
            MUCInitialPresence join = new MUCInitialPresence(null, -1, -1, 0, null);
            b.addExtension(join);
        }
        p.status().ifPresent(b::setStatus);
        return b;
    }

    private static Message.Kind kind(org.jivesoftware.smack.packet.Message.Type type) {
        return switch (type) {
            case chat -> Message.Kind.CHAT;
            case groupchat -> Message.Kind.GROUPCHAT;
            case headline -> Message.Kind.HEADLINE;
            default -> Message.Kind.NORMAL;
        };
    }

    private static Presence.Availability availability(org.jivesoftware.smack.packet.Presence.Mode mode) {
        if (mode == null) {
            return Presence.Availability.AVAILABLE;
        }
        return switch (mode) {
            case chat -> Presence.Availability.CHAT;
            case away -> Presence.Availability.AWAY;
            case xa -> Presence.Availability.EXTENDED_AWAY;
            case dnd -> Presence.Availability.DO_NOT_DISTURB;
            default -> Presence.Availability.AVAILABLE;
        };
    }

    private static org.jivesoftware.smack.packet.Presence.Mode mode(Presence.Availability a) {
        return switch (a) {
            case CHAT -> org.jivesoftware.smack.packet.Presence.Mode.chat;
            case AWAY -> org.jivesoftware.smack.packet.Presence.Mode.away;
            case EXTENDED_AWAY -> org.jivesoftware.smack.packet.Presence.Mode.xa;
            case DO_NOT_DISTURB -> org.jivesoftware.smack.packet.Presence.Mode.dnd;
            default -> org.jivesoftware.smack.packet.Presence.Mode.available;
        };
    }

}
