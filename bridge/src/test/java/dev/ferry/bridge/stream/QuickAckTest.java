package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link QuickAck} on a real loopback TCP connection: after each read the socket is back in
 * quick-ACK mode, so what the server sent is acknowledged at once and the server's Nagle does not
 * hold its next stanza. The socket is first put into delayed-ACK ("ping-pong") mode, where the
 * kernel keeps it on its own: the mode read right after the read tells whether the handler re-armed it.
 */
class QuickAckTest {

    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aReadSwitchesTheSocketBackToQuickAcks() throws Exception {
        assumeTrue(quickAckSupported(), "TCP_QUICKACK is Linux-only");
        assertThat(quickAckAfterARead(true)).isTrue();
    }

    @Test
    void withoutTheHandlerTheSocketStaysOnDelayedAcks() throws Exception {
        assumeTrue(quickAckSupported(), "TCP_QUICKACK is Linux-only");
        // The control: the kernel itself does not leave delayed-ACK mode on a read, so the test above can fail.
        assertThat(quickAckAfterARead(false)).isFalse();
    }

    /** Whether the socket is in quick-ACK mode right after the client read a small write of the server's. */
    private static boolean quickAckAfterARead(boolean withHandler) throws Exception {
        ChannelOption<Boolean> quickAck = QuickAck.quickAckOption();
        CompletableFuture<Boolean> modeAfterRead = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (withHandler) {
                                ch.pipeline().addLast(QuickAck.INSTANCE);
                            }
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelActive(ChannelHandlerContext ctx) {
                                    // Delayed ACKs, as the kernel chooses for a connection that answers what it reads.
                                    ctx.channel().config().setOption(quickAck, Boolean.FALSE);
                                }

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ReferenceCountUtil.release(msg);
                                }

                                @Override
                                public void channelReadComplete(ChannelHandlerContext ctx) {
                                    modeAfterRead.complete(ctx.channel().config().getOption(quickAck));
                                }
                            });
                        }
                    })
                    .connect(server.getLocalSocketAddress()).sync().channel();
            try (Socket accepted = server.accept()) {
                // Written once the client's channelActive has run (it is on the loop before any read).
                client.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS);
                OutputStream out = accepted.getOutputStream();
                out.write("<message/>".getBytes(StandardCharsets.UTF_8));
                out.flush();
                return modeAfterRead.get(5, TimeUnit.SECONDS);
            } finally {
                client.close().sync();
            }
        }
    }

    private static boolean quickAckSupported() {
        ChannelOption<Boolean> option = QuickAck.quickAckOption();
        if (option == null) {
            return false;
        }
        NioSocketChannel probe = new NioSocketChannel();
        try {
            return probe.config().setOption(option, Boolean.TRUE);
        } catch (RuntimeException e) {
            return false;
        } finally {
            probe.unsafe().closeForcibly();
        }
    }
}
