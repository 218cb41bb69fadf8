package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import dev.ferry.irc.protocol.IrcNumeric;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Gets us registered and keeps track of who we are: CAP LS 302 → CAP REQ of the capabilities we
 * want among those offered → SASL (EXTERNAL with a client certificate over TLS, PLAIN with
 * credentials; {@link SaslPlan}) → CAP END, with PASS/NICK/USER. A failed PLAIN login fails the
 * connection (the user asked to be logged in); a failed EXTERNAL alone is told to the user
 * ({@link IrcConnection#loginNotice}) and the connection goes on unauthenticated;
 * retries {@code nick_}, {@code nick__}, … when the nick is taken; collects ISUPPORT; reports
 * registration at the end of the MOTD (or a short while after 001 if no MOTD end comes).
 * Afterwards it follows our own NICK changes and CAP NEW/DEL. Every message is passed on.
 */
final class RegistrationHandler extends ChannelInboundHandlerAdapter {

    /** Capabilities Ferry understands, requested when the server offers them. */
    static final List<String> WANTED_CAPS = List.of("multi-prefix", "server-time", "message-tags", "echo-message",
            "away-notify", "account-tag", "account-notify", "extended-join", "batch", "cap-notify", "sasl",
            "draft/chathistory");
    /** How many underscores we append before giving up on a taken nick. */
    static final int MAX_NICK_ATTEMPTS = 5;
    /** Wait for the end of the MOTD (to have ISUPPORT) at most this long after 001. */
    private static final long MOTD_GRACE_MILLIS = 3000;

    private final IrcClientSettings settings;
    private final IrcConnection connection;
    // What registration learns lives here only until it is done: then the shared copies in
    // Registered replace it, since a thousand puppets on one server learn the same thing.
    private Map<String, String> offeredCaps = new LinkedHashMap<>();
    private Set<String> enabledCaps = new LinkedHashSet<>();
    private Map<String, String> isupport = new HashMap<>();
    private boolean capEnded;
    private boolean welcomed;
    private boolean done;
    private int nickAttempt;
    /** SASL mechanisms still to try, the current one first; null when SASL is not wanted. */
    private Deque<String> saslAttempts;
    /** The server's list from 908 (RPL_SASLMECHS), said in a failure message. */
    private String saslMechanisms;

    RegistrationHandler(IrcClientSettings settings, IrcConnection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connection.nick(settings.nick());
        ctx.write(IrcMessage.cap("LS", "302"));
        if (settings.serverPassword() != null) {
            ctx.write(IrcMessage.pass(settings.serverPassword()));
        }
        ctx.write(IrcMessage.nick(settings.nick()));
        ctx.writeAndFlush(IrcMessage.user(settings.username(), settings.realname()));
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof IrcMessage m) {
            IrcNumeric.of(m).ifPresent(n -> handle(n, ctx, m));
        }
        super.channelRead(ctx, msg);
    }

    // A switch rather than a map of method references: a map would be built per connection.
    private void handle(IrcNumeric numeric, ChannelHandlerContext ctx, IrcMessage m) {
        switch (numeric) {
            case CAP -> onCap(ctx, m);
            case AUTHENTICATE -> onAuthenticate(ctx, m);
            case RPL_SASLSUCCESS, ERR_SASLALREADY -> {
                saslAttempts = null;
                endCap(ctx);
            }
            case ERR_SASLFAIL, ERR_SASLTOOLONG, ERR_SASLABORTED, ERR_NICKLOCKED -> onSaslFailure(ctx, m);
            case RPL_SASLMECHS -> saslMechanisms = m.param(1).orElse(null);
            case ERR_UNKNOWNCOMMAND -> onUnknownCommand(ctx, m);
            case RPL_WELCOME -> onWelcome(ctx, m);
            case RPL_ISUPPORT -> onIsupport(ctx, m);
            case RPL_ENDOFMOTD, ERR_NOMOTD -> complete(ctx);
            case ERR_NICKNAMEINUSE, ERR_NICKCOLLISION, ERR_UNAVAILRESOURCE -> onNickInUse(ctx, m);
            case ERR_ERRONEUSNICKNAME -> onErroneousNick(ctx, m);
            case ERR_PASSWDMISMATCH -> fail(ctx, "server password refused: " + m.trailing());
            case NICK -> onNick(ctx, m);
            case ERROR -> IrcChannelState.disconnectReason(ctx.channel(), "server closed the link: " + m.trailing());
            default -> {
                // the rest is for the listener
            }
        }
    }

    // ---- capabilities ---------------------------------------------------------------------

    private void onCap(ChannelHandlerContext ctx, IrcMessage m) {
        String sub = m.param(1).orElse("").toUpperCase(Locale.ROOT);
        switch (sub) {
            case "LS" -> onCapLs(ctx, m);
            case "ACK" -> onCapAck(ctx, m);
            case "NAK" -> onCapNak(ctx, m);
            case "NEW" -> requestWanted(ctx, parseCaps(m.trailing()), false);
            case "DEL" -> parseCaps(m.trailing()).keySet().forEach(c -> mutableCaps().remove(c));
            default -> {
                // LIST and others: nothing to do
            }
        }
    }

    private void onCapLs(ChannelHandlerContext ctx, IrcMessage m) {
        if (done) {
            return;
        }
        offeredCaps.putAll(parseCaps(m.trailing()));
        boolean more = m.params().size() >= 4 && "*".equals(m.params().get(2));
        if (more || done) {
            return;
        }
        if (settings.usesSasl() && !offeredCaps.containsKey("sasl")) {
            fail(ctx, "SASL login as '" + settings.saslUser() + "' impossible: the server does not offer the sasl capability");
            return;
        }
        boolean certificate = presentsCertificate();
        List<String> plan = SaslPlan.mechanisms(offeredCaps.get("sasl"), certificate, settings.usesSasl());
        if (settings.usesSasl() && plan.isEmpty()) {
            fail(ctx, "SASL login as '" + settings.saslUser() + "' impossible: the server offers only "
                    + offeredCaps.get("sasl") + ", not PLAIN");
            return;
        }
        if (settings.clientCertificate() != null && !certificate) {
            connection.loginNotice("Your client certificate is not used on " + settings.host()
                    + ": it is sent only over TLS, and TLS is off for this server.");
        } else if (certificate && !plan.contains(SaslPlan.EXTERNAL)) {
            connection.loginNotice(settings.host() + " offers no SASL EXTERNAL" + (offeredCaps.containsKey("sasl")
                    ? " (only " + offeredCaps.get("sasl") + ")" : "") + "; your client certificate (SHA-256 "
                    + settings.clientCertificate().fingerprintSha256() + ") was presented, but no login by it was asked for.");
        }
        saslAttempts = plan.isEmpty() ? null : new ArrayDeque<>(plan);
        if (!requestWanted(ctx, offeredCaps, saslAttempts != null)) {
            endCap(ctx);
        }
    }

    private boolean presentsCertificate() {
        return settings.clientCertificate() != null && settings.tls();
    }

    /** Sends CAP REQ for the wanted caps among {@code offered}; false if there was nothing to ask. */
    private boolean requestWanted(ChannelHandlerContext ctx, Map<String, String> offered, boolean withSasl) {
        String req = WANTED_CAPS.stream()
                .filter(offered::containsKey)
                .filter(c -> withSasl || !"sasl".equals(c))
                .filter(c -> !enabledCaps.contains(c))
                .collect(Collectors.joining(" "));
        if (req.isEmpty()) {
            return false;
        }
        ctx.writeAndFlush(IrcMessage.cap("REQ", req));
        return true;
    }

    private void onCapAck(ChannelHandlerContext ctx, IrcMessage m) {
        for (String cap : parseCaps(m.trailing()).keySet()) {
            if (cap.startsWith("-")) {
                mutableCaps().remove(cap.substring(1));
            } else {
                mutableCaps().add(cap);
            }
        }
        if (capEnded) {
            return;
        }
        if (saslAttempts != null && enabledCaps.contains("sasl")) {
            ctx.writeAndFlush(IrcMessage.authenticate(saslAttempts.peek()));
        } else if (saslAttempts != null) {
            saslImpossible(ctx, "the server did not enable sasl");
        } else {
            endCap(ctx);
        }
    }

    private void onCapNak(ChannelHandlerContext ctx, IrcMessage m) {
        if (capEnded) {
            return;
        }
        if (saslAttempts != null) {
            saslImpossible(ctx, "the server refused CAP REQ :" + m.trailing());
        } else {
            endCap(ctx);
        }
    }

    /** PLAIN credentials make a login a must; a certificate alone does not (the user is told). */
    private void saslImpossible(ChannelHandlerContext ctx, String why) {
        if (settings.usesSasl()) {
            fail(ctx, "SASL login as '" + settings.saslUser() + "' impossible: " + why);
            return;
        }
        saslAttempts = null;
        connection.loginNotice("SASL EXTERNAL login with your client certificate impossible: " + why
                + "; connected without logging in.");
        endCap(ctx);
    }

    /** The enabled capabilities, copied out of the shared set first when registration is over. */
    private Set<String> mutableCaps() {
        if (!(enabledCaps instanceof LinkedHashSet)) {
            enabledCaps = new LinkedHashSet<>(enabledCaps);
        }
        return enabledCaps;
    }

    private void endCap(ChannelHandlerContext ctx) {
        if (!capEnded) {
            capEnded = true;
            ctx.writeAndFlush(IrcMessage.cap("END"));
        }
    }

    private void onUnknownCommand(ChannelHandlerContext ctx, IrcMessage m) {
        if ("CAP".equalsIgnoreCase(m.param(1).orElse(""))) {
            if (settings.usesSasl()) {
                fail(ctx, "SASL login as '" + settings.saslUser() + "' impossible: the server knows no CAP");
            }
            capEnded = true; // a pre-IRCv3 server: it registers on NICK/USER alone
        }
    }

    static Map<String, String> parseCaps(String list) {
        Map<String, String> caps = new LinkedHashMap<>();
        for (String token : list.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            caps.put(eq < 0 ? token : token.substring(0, eq), eq < 0 ? "" : token.substring(eq + 1));
        }
        return caps;
    }

    // ---- SASL -----------------------------------------------------------------------------

    private void onAuthenticate(ChannelHandlerContext ctx, IrcMessage m) {
        if (!"+".equals(m.param(0).orElse("")) || saslAttempts == null || capEnded) {
            return;
        }
        if (SaslPlan.EXTERNAL.equals(saslAttempts.peek())) {
            // The identity is the certificate the server already has; "+" asks for the account it names.
            ctx.writeAndFlush(IrcMessage.authenticate("+"));
            return;
        }
        for (String payload : SaslPlain.payloads(settings.saslUser(), settings.saslPassword())) {
            ctx.write(IrcMessage.authenticate(payload));
        }
        ctx.flush();
    }

    private void onSaslFailure(ChannelHandlerContext ctx, IrcMessage m) {
        if (capEnded || saslAttempts == null) {
            return; // a late or repeated failure numeric (InspIRCd sends 904 twice after a 908)
        }
        String failed = saslAttempts.poll();
        String why = m.command() + " " + m.trailing() + (saslMechanisms == null ? "" : " (the server offers " + saslMechanisms + ")");
        if (SaslPlan.EXTERNAL.equals(failed)) {
            String fingerprint = settings.clientCertificate().fingerprintSha256();
            connection.loginNotice("SASL EXTERNAL login with your client certificate failed on " + settings.host() + ": " + why
                    + ". Its SHA-256 fingerprint is " + fingerprint + "; if your account does not know it yet, log in "
                    + "once by password and send: /msg NickServ CERT ADD " + fingerprint
                    + (saslAttempts.isEmpty() ? "" : ". Trying SASL PLAIN instead."));
        }
        if (!saslAttempts.isEmpty()) {
            ctx.writeAndFlush(IrcMessage.authenticate(saslAttempts.peek()));
            return;
        }
        saslAttempts = null;
        if (SaslPlan.PLAIN.equals(failed)) {
            fail(ctx, "SASL PLAIN login as '" + settings.saslUser() + "' failed: " + why);
        } else if (settings.usesSasl()) {
            fail(ctx, "SASL login as '" + settings.saslUser() + "' impossible: EXTERNAL failed and the server offers "
                    + offeredCaps.get("sasl") + ", not PLAIN");
        } else {
            endCap(ctx); // registration goes on, not logged in; NickServ IDENTIFY may still follow
        }
    }

    // ---- welcome, ISUPPORT, nicks -----------------------------------------------------------

    private void onWelcome(ChannelHandlerContext ctx, IrcMessage m) {
        welcomed = true;
        capEnded = true;
        m.param(0).ifPresent(n -> connection.nick(n));
        ctx.executor().schedule(() -> complete(ctx), MOTD_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void onIsupport(ChannelHandlerContext ctx, IrcMessage m) {
        if (done) {
            return; // Registered already holds what registration learnt
        }
        List<String> p = m.params();
        for (int i = 1; i < p.size() - 1; i++) {
            String token = p.get(i);
            if (token.startsWith("-")) {
                isupport.remove(token.substring(1));
                continue;
            }
            int eq = token.indexOf('=');
            isupport.put(eq < 0 ? token : token.substring(0, eq), eq < 0 ? "" : token.substring(eq + 1));
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        if (done || !welcomed || !ctx.channel().isActive()) {
            return;
        }
        done = true;
        Registered r = new Registered(connection.nick(), enabledCaps, isupport);
        enabledCaps = r.capabilities();
        offeredCaps = null;
        saslAttempts = null;
        isupport = null;
        connection.registrationSucceeded(r);
    }

    private void onNickInUse(ChannelHandlerContext ctx, IrcMessage m) {
        if (welcomed) {
            return; // a later NICK change was refused; the listener sees the numeric
        }
        String tried = m.param(1).orElse(connection.nick());
        if (++nickAttempt > MAX_NICK_ATTEMPTS) {
            fail(ctx, "nick '" + settings.nick() + "' and " + MAX_NICK_ATTEMPTS + " variants with '_' are all in use");
            return;
        }
        String next = settings.nick() + "_".repeat(nickAttempt);
        connection.nick(next);
        ctx.writeAndFlush(IrcMessage.nick(next));
        connection.nickInUse(tried, next);
    }

    private void onErroneousNick(ChannelHandlerContext ctx, IrcMessage m) {
        if (welcomed) {
            return;
        }
        String tried = m.param(1).orElse(connection.nick());
        fail(ctx, "the server refuses the nick '" + tried + "': " + m.trailing()
                + (nickAttempt > 0 ? " (the nick '" + settings.nick() + "' was in use)" : ""));
    }

    private void onNick(ChannelHandlerContext ctx, IrcMessage m) {
        String current = connection.nick();
        if (current != null && current.equalsIgnoreCase(m.sourceNick())) {
            m.param(0).ifPresent(n -> connection.nick(n));
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (done) {
            return;
        }
        done = true;
        IrcChannelState.disconnectReason(ctx.channel(), reason);
        connection.registrationFailed(reason);
        ctx.writeAndFlush(IrcMessage.quit(null)).addListener(f -> ctx.channel().close());
    }
}
