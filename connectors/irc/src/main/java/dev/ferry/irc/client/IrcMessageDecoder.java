package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** A received line → {@link IrcMessage}. Blank and unparseable lines are logged and skipped, not fatal. */
final class IrcMessageDecoder extends MessageToMessageDecoder<String> {

    private static final Logger LOG = LoggerFactory.getLogger(IrcMessageDecoder.class);

    IrcMessageDecoder() {
        super(String.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        if (line.isBlank()) {
            return;
        }
        try {
            out.add(IrcMessage.parse(line));
        } catch (IllegalArgumentException e) {
            LOG.debug("skipping unparseable IRC line from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
        }
    }
}
