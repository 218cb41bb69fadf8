package dev.ferry.spi;

/**
 * One foreign network (IRC, SIP, email). Implementations are found with
 * {@link java.util.ServiceLoader}; a network whose component is not configured is never started.
 */
public interface Connector extends AutoCloseable {

    /** Lower-case network name as used in config keys and the store: {@code irc}, {@code sip}, {@code mail}. */
    String network();

    /**
     * Starts the connector. Events the network produces go to {@code inbound}; the bridge turns
     * them into stanzas.
     */
    void start(ConnectorContext context, EventSink inbound) throws Exception;

    /**
     * The keys of this network's config section ({@code irc.default-port} → {@code default-port}):
     * environment overrides {@code FERRY_<NETWORK>_<KEY>} are taken for these only, so a variable
     * meant for something else (a peer script's {@code FERRY_IRC_PORT}) cannot break the config.
     */
    default java.util.Set<String> settingKeys() {
        return java.util.Set.of();
    }

    /**
     * Whether {@code open(event.from()).send(event)} returns without blocking: no store access, no
     * network round trip, no lock held for long (it may write to a connection and complete later).
     * The bridge may then hand such an event over on the XMPP link's own thread, one thread
     * hand-off fewer per line. It asks only for groupchat messages; false unless a connector says so.
     */
    default boolean takesWithoutBlocking(Event event) {
        return false;
    }

    /** The per-user session, opened on first use and owned by the connector (keyed by bare address). */
    Session open(Address user);

    @Override
    void close();
}
