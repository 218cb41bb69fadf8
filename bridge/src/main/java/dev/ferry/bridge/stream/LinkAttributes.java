package dev.ferry.bridge.stream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Per-connection state of a component link, kept on the channel. */
final class LinkAttributes {

    /** Set when the server accepted our handshake. */
    static final AttributeKey<Boolean> HANDSHAKEN = AttributeKey.valueOf(LinkAttributes.class, "handshaken");
    /** The first reason this connection is going down; later causes (the resulting close) do not overwrite it. */
    static final AttributeKey<LinkFailure> FAILURE = AttributeKey.valueOf(LinkAttributes.class, "failure");
    /** Set once we wrote {@code </stream:stream>} (alone or after a stream error): nothing may follow it. */
    static final AttributeKey<Boolean> STREAM_CLOSE_SENT = AttributeKey.valueOf(LinkAttributes.class, "streamCloseSent");

    private LinkAttributes() {
    }

    static void recordFailure(Channel channel, LinkFailure failure) {
        channel.attr(FAILURE).setIfAbsent(failure);
    }

    static boolean handshaken(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(HANDSHAKEN).get());
    }

    /** Marks the stream as closed by us; returns false if it already was (so the close is written once). */
    static boolean markStreamCloseSent(Channel channel) {
        return channel.attr(STREAM_CLOSE_SENT).setIfAbsent(Boolean.TRUE) == null;
    }
}
