package dev.ferry.bridge.xmpp;

import dev.ferry.bridge.service.GatewayProfile;
import dev.ferry.bridge.service.IqDispatcher;
import dev.ferry.bridge.stream.ComponentLink;
import dev.ferry.bridge.stream.ComponentLinkListener;
import dev.ferry.bridge.stream.LinkFailure;
import dev.ferry.bridge.stream.RefusedStanza;
import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.Failure;
import dev.ferry.spi.RoomEvent;
import dev.ferry.spi.SerialLane;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component domain: takes stanzas off its link, answers the gateway's own services, checks
 * addresses and hands events to the route; sends stanzas back through the outbox. Every stanza
 * that arrives is answered, passed on, or (for errors and results) deliberately left alone.
 *
 * <p>Link callbacks arrive on the Netty event loop; all work moves to {@code work}, a
 * single-threaded executor per domain, so stanzas from one domain are handled in order. A
 * groupchat message whose route and connector do not block is handled on the link's thread
 * when nothing of the domain waits or runs ({@link SerialLane}): the same order, one hand-off
 * fewer on the busiest path (PERFORMANCE.md, "One thread hand-off fewer each way").
 */
public final class ComponentGateway implements ComponentLinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentGateway.class);

    private final GatewayProfile profile;
    private final IqDispatcher iqs;
    private final AddressCheck addresses;
    private final StanzaCodec codec = new StanzaCodec();
    private final OccupantCheck occupants = new OccupantCheck();
    /** Set after the first connection: a later one is a reconnect, after which room occupants are checked. */
    private volatile boolean connectedBefore;
    private final StanzaTranslator translator = new StanzaTranslator();
    private final MucTranslator muc = new MucTranslator();
    private final SerialLane work;
    private final GatewayMetrics metrics;
    private final ResponseTracker responses = new ResponseTracker();
    /** Errors for stanzas refused for their size; touched only on {@code work}. */
    private final java.util.ArrayDeque<Stanza> refusalsToSend = new java.util.ArrayDeque<>();
    private volatile InboundHandler inbound;
    private volatile Function<String, Optional<ComponentGateway>> siblings = domain -> Optional.empty();
    private StanzaLink link;
    private OutboxSender sender;

    public ComponentGateway(GatewayProfile profile, IqDispatcher iqs, AddressCheck addresses,
                            ExecutorService work, GatewayMetrics metrics) {
        this.profile = profile;
        this.iqs = iqs;
        this.addresses = addresses;
        this.work = new SerialLane("component " + profile.domain(), work);
        this.metrics = metrics;
    }

    /**
     * Wires the link and the outbox; a component link is created by the caller with this gateway as
     * its listener, a server-to-server link calls {@link #linkUp()} and {@link #stanzaArrived} itself.
     */
    public void attach(StanzaLink link, OutboxSender sender) {
        this.link = link;
        this.sender = sender;
    }

    public String domain() {
        return profile.domain();
    }

    public String network() {
        return profile.network();
    }

    public IqDispatcher iqs() {
        return iqs;
    }

    /** The component link, or null when this domain federates over server-to-server instead. */
    public ComponentLink link() {
        return link instanceof ComponentLink component ? component : null;
    }

    /** Where this domain's stanzas go, whatever the mode. */
    public StanzaLink stanzaLink() {
        return link;
    }

    public OutboxSender outbox() {
        return sender;
    }

    /**
     * The other gateways of this Ferry, by domain. ejabberd grants one component connection every
     * host of its listener and may route a stanza for sip.example on the irc.example link, so a
     * stanza is handled by the gateway its {@code to} names, whichever link carried it.
     */
    public void setSiblings(Function<String, Optional<ComponentGateway>> siblings) {
        this.siblings = siblings;
    }

    public void setInbound(InboundHandler handler) {
        this.inbound = handler;
    }

    /** The route's entry as the gateway sees it (tests drive routes through it without a socket). */
    public InboundHandler inboundForTest() {
        return inbound;
    }

    /** A connector's event on its way to an XMPP user. */
    public Delivery send(Event event) {
        if (event instanceof RoomEvent room) {
            Delivery last = Delivery.delivered();
            for (Stanza stanza : muc.toStanzas(room)) {
                last = send(stanza);
            }
            return last;
        }
        return send(translator.toStanza(event));
    }

    /**
     * Whether {@link #send} would write straight to the link now, touching no store: the link is
     * up and nothing waits in the outbox or in memory before it. A hint; it can change at once.
     */
    public boolean sendsWithoutBlocking() {
        OutboxSender s = sender;
        return s != null && s.writesDirectly();
    }

    public Delivery send(Stanza stanza) {
        String xml = codec.serialize(stanza);
        if (LOG.isTraceEnabled()) {
            LOG.trace("component {} OUT {}", profile.domain(), xml);
        }
        Delivery d = sender.send(xml);
        metrics.stanzaOut(profile.domain());
        return d;
    }

    /** Sends an IQ and completes with its response (or fails after {@code timeoutMillis}). */
    public CompletableFuture<IQ> request(IQ iq, long timeoutMillis) {
        CompletableFuture<IQ> response = responses.expect(iq.getStanzaId(), timeoutMillis);
        if (!link.send(codec.serialize(iq))) {
            responses.cancel(iq.getStanzaId(), new IllegalStateException("link down"));
        }
        return response;
    }

    /**
     * The round trip that confirms delivery on a component link (see {@link OutboxSender}): a
     * XEP-0199 ping from this domain to itself through the server, which handles one connection's
     * stanzas in order. Unanswered within {@code timeout}, the connection it was sent on is dropped
     * (a stalled path takes writes and never fails them) and the link reconnects — unless the
     * server sent stanzas within that time: then it is busy, not gone (10,000 users logging out at
     * once kept Prosody from answering for over 10 s, and dropping the link then lost 1,640 of
     * their departures, which Prosody bounced while Ferry reconnected). A busy server gets up to
     * {@link #BUSY_WAITS} more periods.
     */
    public CompletableFuture<IQ> deliveryCheck(java.time.Duration timeout) {
        ComponentLink component = link();
        long connection = component == null ? 0 : component.connectionNumber();
        org.jxmpp.jid.DomainBareJid self = org.jxmpp.jid.impl.JidCreate.domainBareFromOrThrowUnchecked(profile.domain());
        org.jivesoftware.smackx.ping.packet.Ping ping = new org.jivesoftware.smackx.ping.packet.Ping(self);
        ping.setFrom(self);
        return awaitCheck(ping.getStanzaId(), timeout, component, connection, request(ping, timeout.toMillis()), 0);
    }

    static final int BUSY_WAITS = 5;

    private CompletableFuture<IQ> awaitCheck(String id, java.time.Duration timeout, ComponentLink component, long connection,
                                             CompletableFuture<IQ> answer, int busyWaits) {
        return answer.handle((iq, error) -> {
            if (error == null || !ResponseTracker.isTimeout(error) || component == null) {
                return error == null ? CompletableFuture.completedFuture(iq) : CompletableFuture.<IQ>failedFuture(error);
            }
            if (busyWaits < BUSY_WAITS && component.connectionNumber() == connection
                    && component.millisSinceLastStanza() < timeout.toMillis()) {
                if (busyWaits == 0) {
                    LOG.info("component {}: the server has not answered a delivery check in {} ms but is still sending; waiting longer",
                            profile.domain(), timeout.toMillis());
                }
                return awaitCheck(id, timeout, component, connection, responses.expect(id, timeout.toMillis()), busyWaits + 1);
            }
            component.dropConnection(connection, "no answer to a delivery check within "
                    + timeout.toMillis() * (busyWaits + 1) + " ms");
            return CompletableFuture.<IQ>failedFuture(error);
        }).thenCompose(f -> f);
    }

    /**
     * Messages a dropped connection (or a killed earlier run) carried without the server confirming
     * them (see {@link OutboxSender}): their senders are told they may not have arrived, through the
     * route as if the server had refused them, and occupants of rooms get a notice per room.
     */
    public void messagesInDoubt(List<String> stanzasXml) {
        work.execute(() -> {
            List<org.jivesoftware.smack.packet.Message> messages = new ArrayList<>();
            for (String xml : stanzasXml) {
                try {
                    if (codec.parseWritten(xml) instanceof org.jivesoftware.smack.packet.Message m) {
                        messages.add(m);
                    }
                } catch (StanzaParseException e) {
                    LOG.warn("component {}: a message in doubt is unreadable: {}", profile.domain(), e.getMessage());
                }
            }
            InDoubtMessages.Reports reports = InDoubtMessages.of(messages, java.time.Instant.now());
            LOG.info("component {}: {} messages may not have arrived: {} senders told, {} room notices", profile.domain(),
                    messages.size(), reports.errors().size(), reports.notices().size());
            reports.errors().forEach(this::dispatchSafely);
            reports.notices().forEach(this::send);
        });
    }

    @Override
    public void onConnected(ComponentLink l) {
        linkUp();
    }

    /**
     * The link can carry stanzas again: the outbox and held refusals go out. After a reconnect,
     * room occupants who left meanwhile are found (see {@link OccupantCheck}).
     */
    public void linkUp() {
        LOG.info("component {} connected", profile.domain());
        sender.drainSoon();
        if (connectedBefore) {
            work.execute(() -> occupants.check(ping -> request(ping, OccupantCheck.ANSWER_MILLIS),
                    gone -> work.execute(() -> dispatchSafely(gone))));
        }
        connectedBefore = true;
        work.execute(() -> {
            for (Stanza reply; (reply = refusalsToSend.poll()) != null; ) {
                metrics.errorSent(profile.domain(), Condition.policy_violation.toString());
                send(reply);
            }
        });
    }

    @Override
    public void onDisconnected(ComponentLink l, LinkFailure failure) {
        metrics.linkDown(profile.domain(), failure.kind().name());
        if (sender != null) {
            sender.linkDropped();
        }
    }

    /**
     * The link refused a stanza for its size and is reconnecting. The sender gets a
     * policy-violation error, queued in the outbox until the link is back.
     */
    @Override
    public void onStanzaRefused(ComponentLink l, RefusedStanza head) {
        metrics.rejected(profile.domain(), "too-large");
        // Held until the link is back: written now, it would follow our </stream:stream> and be lost.
        work.execute(() -> RefusedStanzaReply.of(head).ifPresent(refusalsToSend::add));
    }

    @Override
    public void onStanza(ComponentLink l, String xml) {
        stanzaArrived(xml);
    }

    /**
     * One stanza for this domain, as standalone XML in {@code jabber:component:accept}; handled on
     * {@code work}, or here when it is a groupchat message that may be (see the class comment).
     */
    public void stanzaArrived(String xml) {
        metrics.stanzaIn(profile.domain());
        // Only while the link writes directly: an error answered here must not wait on the outbox either.
        if (StanzaHead.isGroupchatMessage(xml) && sendsWithoutBlocking()) {
            work.runHereIfIdle(() -> handle(xml, true));
        } else {
            work.execute(() -> handle(xml, false));
        }
    }

    void handle(String xml) {
        handle(xml, false);
    }

    /** {@code mayStayHere}: on the link's thread, where only an event its handler takes without blocking may be passed on. */
    void handle(String xml, boolean mayStayHere) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("component {} IN {}", profile.domain(), xml);
        }
        Stanza stanza;
        try {
            stanza = codec.parse(xml);
        } catch (StanzaParseException e) {
            // Well-formed XML that is not a usable stanza: the server vouched for it, so log and count.
            metrics.rejected(profile.domain(), "unparseable");
            LOG.warn("component {}: unreadable stanza refused: {}", profile.domain(), e.getMessage());
            return;
        }
        String toDomain = stanza.getTo() == null ? profile.domain() : stanza.getTo().getDomain().toString();
        if (!toDomain.equals(profile.domain())) {
            Optional<ComponentGateway> owner = siblings.apply(toDomain);
            if (owner.isPresent()) {
                owner.get().work.execute(() -> owner.get().dispatchSafely(stanza));
            } else {
                answer(stanza, Condition.item_not_found, toDomain + " is not served by this gateway");
            }
            return;
        }
        dispatchSafely(stanza, mayStayHere);
    }

    private void dispatchSafely(Stanza stanza) {
        dispatchSafely(stanza, false);
    }

    private void dispatchSafely(Stanza stanza, boolean onLinkThread) {
        try {
            dispatch(stanza, onLinkThread);
        } catch (RuntimeException e) {
            LOG.error("component {}: failed to handle a stanza from {}", profile.domain(), stanza.getFrom(), e);
            answer(stanza, Condition.internal_server_error, "the gateway failed to handle this stanza");
        }
    }

    private void dispatch(Stanza stanza, boolean onLinkThread) {
        if (stanza instanceof IQ iq) {
            if (iq.getType() == IQ.Type.result || iq.getType() == IQ.Type.error) {
                responses.complete(iq);
                return;
            }
            if (isOwnRequestComingBack(iq) && responses.complete(iq)) {
                // A delivery check (or ping) to ourselves arriving proves the server handled
                // everything written before it; waiting for the answer's second trip adds nothing.
                return;
            }
            iqs.dispatchAsync(iq).ifPresent(answer -> answer.whenComplete((reply, error) -> {
                if (reply != null) {
                    send(reply);
                }
            }));
            return;
        }
        if (isErrorAboutForeignMessage(stanza)) {
            // An XMPP user's server refused a message a network sent: the network's sender is told
            // (SIP response, bounce). Never answered itself.
            translator.toEvent(stanza).ifPresent(error -> {
                InboundHandler handler = inbound;
                if (handler != null) {
                    try {
                        handler.accept(error);
                    } catch (RuntimeException e) {
                        LOG.warn("component {}: could not pass on an error from {}: {}", profile.domain(), stanza.getFrom(), e.toString());
                    }
                }
            });
            return;
        }
        if (!StanzaErrors.isAnswerable(stanza)) {
            return;
        }
        Address to = JidAddresses.toAddress(stanza.getTo());
        if (to.local() == null) {
            toGatewayItself(stanza);
            return;
        }
        Optional<String> problem = addresses.problem(to);
        if (problem.isPresent()) {
            answer(stanza, Condition.item_not_found, problem.get());
            return;
        }
        Optional<Event> event = muc.toEvent(stanza).<Event>map(e -> e).or(() -> translator.toEvent(stanza));
        if (event.isEmpty()) {
            return;
        }
        if (event.get() instanceof RoomEvent room) {
            occupants.seen(room, stanza.getFrom(), stanza.getTo());
        }
        InboundHandler handler = inbound;
        if (handler == null) {
            answer(stanza, Condition.service_unavailable, "the " + profile.network() + " gateway is not running");
            return;
        }
        if (onLinkThread && !handler.takesWithoutBlocking(event.get())) {
            // Its route or connector may block: the worker passes it on. The lane is still this
            // stanza's, so the link's next stanza (which this thread has not read yet) comes after it.
            work.execute(() -> pass(stanza, event.get(), handler));
            return;
        }
        pass(stanza, event.get(), handler);
    }

    private void pass(Stanza stanza, Event event, InboundHandler handler) {
        CompletionStage<Delivery> result;
        try {
            result = handler.accept(event);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((delivery, error) -> {
            try {
                if (error != null) {
                    answer(stanza, Condition.internal_server_error, "the gateway could not pass this on: " + error.getMessage());
                } else if (delivery.isFailed()) {
                    if (event instanceof RoomEvent room && room.kind() == RoomEvent.Kind.JOIN) {
                        occupants.left(stanza.getFrom(), stanza.getTo());
                    }
                    answer(stanza, StanzaErrors.condition(delivery.failure().orElseThrow()), delivery.detail());
                }
            } catch (RuntimeException e) {
                LOG.error("component {}: could not answer {} about its failed delivery", profile.domain(), stanza.getFrom(), e);
            }
        });
    }

    private boolean isOwnRequestComingBack(IQ iq) {
        return iq.getFrom() != null && iq.getFrom().equals(iq.getTo())
                && iq.getFrom().toString().equals(profile.domain());
    }

    private static boolean isErrorAboutForeignMessage(Stanza stanza) {
        return stanza instanceof org.jivesoftware.smack.packet.Message m
                && m.getType() == org.jivesoftware.smack.packet.Message.Type.error
                && m.getFrom() != null && m.getTo() != null && m.getTo().getLocalpartOrNull() != null;
    }

    /**
     * The bare gateway domain: it accepts presence subscriptions (so it can sit in a roster, as
     * Biboumi's does) and answers probes; a message to it has nobody to read it.
     */
    private void toGatewayItself(Stanza stanza) {
        if (stanza instanceof Presence p) {
            Function<Presence.Type, Presence> reply = type -> StanzaBuilder.buildPresence().ofType(type)
                    .to(p.getFrom().asBareJid()).from(p.getTo()).build();
            switch (p.getType()) {
                case subscribe -> {
                    send(reply.apply(Presence.Type.subscribed));
                    send(reply.apply(Presence.Type.available));
                }
                case probe -> send(reply.apply(Presence.Type.available));
                case unsubscribe -> send(reply.apply(Presence.Type.unsubscribed));
                default -> { }
            }
            return;
        }
        answer(stanza, Condition.service_unavailable,
                "this is the " + profile.name() + "; address a contact or room on " + profile.domain());
    }

    private void answer(Stanza original, Condition condition, String text) {
        if (!StanzaErrors.isAnswerable(original)) {
            return;
        }
        metrics.errorSent(profile.domain(), condition.toString());
        send(original instanceof IQ iq ? dev.ferry.bridge.service.IqErrors.error(iq, condition, text)
                : StanzaErrors.reply(original, condition, text));
    }

    /** Maps a neutral failure for callers outside this package (the Camel producer). */
    public static Condition condition(Failure failure) {
        return StanzaErrors.condition(failure);
    }
}
