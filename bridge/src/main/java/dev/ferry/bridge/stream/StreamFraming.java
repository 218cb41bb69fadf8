package dev.ferry.bridge.stream;

import io.netty.channel.ChannelHandler;

/**
 * The hardened XML framing of the component link, for other stream kinds (server-to-server) to
 * reuse: the same decoder (restricted XML, size limit, invalid UTF-8 refused as stream errors,
 * see {@link XmlStreamDecoder}) and the same UTF-8 encoder. A decoder holds one stream's parser
 * state, so a stream restart (after STARTTLS or SASL) needs a new one.
 */
public final class StreamFraming {

    private StreamFraming() {
    }

    /** Emits {@link StreamEvent}s; fires {@link XmlInputRefusedException} on refused input. */
    public static ChannelHandler newDecoder(int maxStanzaBytes) {
        return new XmlStreamDecoder(maxStanzaBytes);
    }

    /** Writes {@code CharSequence} messages as UTF-8. */
    public static ChannelHandler newEncoder() {
        return new StreamEncoder();
    }
}
