package dev.ferry.irc.client;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Per-channel state shared by the handlers of one connection, kept in {@link AttributeKey}s: only
 * what is rare (an attribute costs every connection that sets one); the nick lives in {@link IrcConnection}.
 */
final class IrcChannelState {

    /** Why the connection ended, when we know better than "connection closed". */
    static final AttributeKey<String> DISCONNECT_REASON = AttributeKey.valueOf("ferry.irc.disconnectReason");

    private IrcChannelState() {
    }

    /** Records the first reason only: the root cause, not its consequences. */
    static void disconnectReason(Channel channel, String reason) {
        channel.attr(DISCONNECT_REASON).setIfAbsent(reason);
    }
}
