package dev.ferry.bridge.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import java.net.SocketOption;
import jdk.net.ExtendedSocketOptions;

/**
 * Acknowledges what the XMPP server sent as soon as it has been read, instead of leaving the
 * acknowledgement to the kernel's delayed-ACK timer (Linux TCP_QUICKACK, re-armed after every read:
 * the kernel drops back to delayed ACKs on its own).
 *
 * <p>Why: Prosody keeps Nagle's algorithm on (its default {@code network_settings.nagle = true}),
 * so it holds a small stanza for us while an earlier one is unacknowledged. Most of what it sends
 * gets an answer that carries the ACK; what gets none (the echo of our own delivery-check ping, an
 * error we only log) was acknowledged only by the timer, 40 ms or more later, and the next stanza
 * (a user's message) waited for it. Measured with src/bench/irc/latency.sh: at 100 messages/s
 * Prosody's c2s-to-component step took 10 ms at the median, and up to hundreds at the tail, while
 * the gateway itself took 1 ms.
 *
 * <p>Sharable: it holds no state. Where the option is not supported (not Linux) it does nothing.
 */
@ChannelHandler.Sharable
final class QuickAck extends ChannelInboundHandlerAdapter {

    static final QuickAck INSTANCE = new QuickAck();

    private static final ChannelOption<Boolean> TCP_QUICKACK = quickAckOption();

    private QuickAck() {
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // After the read: data waiting for a delayed ACK is acknowledged now, and the next segment at once.
        arm(ctx.channel());
        super.channelReadComplete(ctx);
    }

    /** Switches {@code channel} to quick ACKs; false where the platform or transport does not support it. */
    static boolean arm(Channel channel) {
        if (TCP_QUICKACK == null) {
            return false;
        }
        try {
            return channel.config().setOption(TCP_QUICKACK, Boolean.TRUE);
        } catch (RuntimeException e) {
            return false; // an unsupported option on this transport or platform: delayed ACKs stay
        }
    }

    /** The JDK's TCP_QUICKACK for NIO channels, or null when this JDK has none. */
    static ChannelOption<Boolean> quickAckOption() {
        try {
            SocketOption<Boolean> option = ExtendedSocketOptions.TCP_QUICKACK;
            return NioChannelOption.of(option);
        } catch (LinkageError e) {
            return null;
        }
    }
}
