package dev.ferry.bridge.stream;

import java.util.Locale;
import java.util.Map;

/**
 * Why a component link went down, as a value: what kind of failure, what exactly happened and
 * whether the link gives up ({@code fatal}) or retries.
 *
 * <p>{@code domain} and {@code endpoint} ({@code host:port}) let {@link #humanMessage()} name the
 * component and the server; they are empty when unknown. The secret is never part of a failure.
 *
 * @param kind     the class of failure, stable for metrics and tests
 * @param detail   the specifics: a stream error's condition and text, an I/O exception's message
 * @param fatal    true when the link stops instead of retrying
 * @param domain   the component domain, e.g. {@code irc.localhost}
 * @param endpoint the server's {@code host:port}
 */
public record LinkFailure(Kind kind, String detail, boolean fatal, String domain, String endpoint) {

    public enum Kind {
        CONNECTION_REFUSED, CONNECT_TIMEOUT,
        /** Wrong secret. */
        NOT_AUTHORIZED,
        /** The server does not know this component domain. */
        HOST_UNKNOWN,
        /** Another component connected with that domain. */
        CONFLICT,
        POLICY_VIOLATION, NOT_WELL_FORMED, RESTRICTED_XML,
        /** Any other stream error: {@code detail} has the condition and text. */
        STREAM_ERROR,
        CLOSED_BY_PEER, IO_ERROR,
        /** The connection takes writes but the server stopped answering (a stalled path); Ferry dropped it. */
        UNRESPONSIVE,
        SHUTDOWN
    }

    /** Stream error conditions (RFC 6120 §4.9.3) that have a kind of their own; the rest are {@link Kind#STREAM_ERROR}. */
    private static final Map<String, Kind> KIND_BY_CONDITION = Map.of(
            "not-authorized", Kind.NOT_AUTHORIZED,
            "host-unknown", Kind.HOST_UNKNOWN,
            "improper-addressing", Kind.HOST_UNKNOWN,
            "conflict", Kind.CONFLICT,
            "policy-violation", Kind.POLICY_VIOLATION,
            "not-well-formed", Kind.NOT_WELL_FORMED,
            "unsupported-encoding", Kind.NOT_WELL_FORMED,
            "restricted-xml", Kind.RESTRICTED_XML);

    public LinkFailure {
        detail = detail == null ? "" : detail;
        domain = domain == null ? "" : domain;
        endpoint = endpoint == null ? "" : endpoint;
        if (kind == null) {
            throw new IllegalArgumentException("kind is null");
        }
    }

    /** A failure without component context (domain and endpoint unknown). */
    public LinkFailure(Kind kind, String detail, boolean fatal) {
        this(kind, detail, fatal, "", "");
    }

    /** The kind for a stream error condition, e.g. {@code not-authorized} → {@link Kind#NOT_AUTHORIZED}. */
    public static Kind kindOfCondition(String condition) {
        return KIND_BY_CONDITION.getOrDefault(condition, Kind.STREAM_ERROR);
    }

    /** Whether {@code failFast} turns this kind into a fatal failure: retrying cannot fix it without a config change. */
    public static boolean refusesHandshake(Kind kind) {
        return kind == Kind.NOT_AUTHORIZED || kind == Kind.HOST_UNKNOWN;
    }

    /** A sentence a person can act on. */
    public String humanMessage() {
        String component = "component " + (domain.isEmpty() ? "(unknown domain)" : domain) + ": ";
        String server = endpoint.isEmpty() ? "the XMPP server" : endpoint;
        String specifics = detail.isEmpty() ? "" : " (" + detail + ")";
        return component + switch (kind) {
            case CONNECTION_REFUSED -> "connection refused by " + server
                    + ": is the XMPP server running and its component port open?";
            case CONNECT_TIMEOUT -> "no answer from " + server + " in time" + specifics
                    + ": check xmpp.host/xmpp.port and any firewall in between";
            case NOT_AUTHORIZED -> "the server refused the handshake" + specifics
                    + ": the component secret in " + configKey("secret") + " does not match the server's";
            case HOST_UNKNOWN -> "the server at " + server + " does not serve this component domain" + specifics
                    + ": declare it as an external component in the server's config, or fix " + configKey("domain");
            case CONFLICT -> "another component is already connected as " + domain + specifics
                    + ": is a second Ferry running with the same config?";
            case POLICY_VIOLATION -> "the stream was closed for a policy violation" + specifics
                    + ": a stanza was larger than allowed or the server enforced a limit";
            case NOT_WELL_FORMED -> "malformed XML or bad encoding on the stream" + specifics
                    + ": the link reconnects; if it repeats, report it with the server's logs";
            case RESTRICTED_XML -> "forbidden XML (DTD, entity, comment or processing instruction) on the stream" + specifics
                    + ": the link reconnects; if it repeats, check what sits between Ferry and " + server;
            case STREAM_ERROR -> "the server ended the stream with an error" + specifics
                    + ": see the server's logs for why";
            case CLOSED_BY_PEER -> "the server at " + server + " closed the connection" + specifics
                    + ": it is probably restarting; the link reconnects";
            case IO_ERROR -> "network error talking to " + server + specifics;
            case UNRESPONSIVE -> "the server at " + server + " stopped answering" + specifics
                    + ": Ferry dropped the connection, reconnects and writes again what was not confirmed";
            case SHUTDOWN -> "link closed by Ferry (shutdown)";
        };
    }

    /** {@code xmpp.components.irc.secret} for {@code irc.localhost}; Ferry's config names components by network. */
    private String configKey(String leaf) {
        String network = domain.contains(".") ? domain.substring(0, domain.indexOf('.')).toLowerCase(Locale.ROOT) : "";
        boolean conventional = network.equals("irc") || network.equals("sip") || network.equals("mail");
        return "xmpp.components." + (conventional ? network : "<network>") + "." + leaf;
    }
}
