package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;

/**
 * What an {@link IrcConnection} reports. Every callback runs on the connection's Netty event loop:
 * it must return quickly and never block (hand store or routing work to another executor).
 */
public interface IrcConnectionListener {

    /** Registration finished (after the MOTD, so {@link Registered#isupport()} is filled). */
    void onRegistered(IrcConnection connection, Registered registered);

    /** Every message received, registration replies included, in arrival order. */
    void onMessage(IrcConnection connection, IrcMessage message);

    /** The server refused {@code tried} during registration; {@code next} is tried now. */
    default void onNickInUse(IrcConnection connection, String tried, String next) {
    }

    /**
     * Logging in went differently than the settings asked (a SASL EXTERNAL login failed, or could
     * not be tried) but the connection goes on; {@code text} says what happened and what to do.
     */
    default void onLoginNotice(IrcConnection connection, String text) {
    }

    /** The connection is gone (or never came up); {@code reason} says why in words a user can read. */
    void onDisconnected(IrcConnection connection, String reason);
}
