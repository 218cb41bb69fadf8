package dev.ferry.irc.client;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Per-channel state shared by the handlers of one connection, kept in {@link AttributeKey}s. */
final class IrcChannelState {

    /** The nick the server knows us by (the requested one until 001, then tracked through NICK). */
    static final AttributeKey<String> NICK = AttributeKey.valueOf("ferry.irc.nick");
    /** Why the connection ended, when we know better than "connection closed". */
    static final AttributeKey<String> DISCONNECT_REASON = AttributeKey.valueOf("ferry.irc.disconnectReason");
    /** The outcome of registration once it completed. */
    static final AttributeKey<Registered> REGISTERED = AttributeKey.valueOf("ferry.irc.registered");

    private IrcChannelState() {
    }

    /** Records the first reason only: the root cause, not its consequences. */
    static void disconnectReason(Channel channel, String reason) {
        channel.attr(DISCONNECT_REASON).setIfAbsent(reason);
    }
}
