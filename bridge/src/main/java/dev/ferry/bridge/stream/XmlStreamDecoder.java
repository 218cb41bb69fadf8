package dev.ferry.bridge.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.ferry.bridge.stream.StreamEvent.StanzaReceived;
import dev.ferry.bridge.stream.StreamEvent.StreamClosed;
import dev.ferry.bridge.stream.StreamEvent.StreamError;
import dev.ferry.bridge.stream.StreamEvent.StreamOpened;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Turns the server's stream bytes into {@link StreamEvent}s with Aalto's non-blocking parser.
 *
 * <p>Refuses, by firing an {@link XmlInputRefusedException} and ignoring every later byte:
 * <ul>
 *   <li>DTDs, entity references, comments and processing instructions ({@code restricted-xml},
 *       RFC 6120 §11.1) — entities are never expanded, so billion-laughs payloads cost nothing;</li>
 *   <li>a top-level element larger than {@code maxStanzaBytes} ({@code policy-violation}); bytes are
 *       fed to the parser in small slices and counted as they go, so an oversized payload is refused
 *       once the limit is passed, never buffered whole;</li>
 *   <li>malformed XML and invalid UTF-8 ({@code not-well-formed});</li>
 *   <li>non-whitespace text between stanzas ({@code not-well-formed}).</li>
 * </ul>
 * One instance per connection: the parser holds that stream's state.
 */
final class XmlStreamDecoder extends ChannelInboundHandlerAdapter {

    /** Bytes fed to the parser at once; also the slack on the stanza size limit. */
    static final int FEED_SLICE_BYTES = 4096;

    private final int maxStanzaBytes;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final MarkupDeclarationSniffer sniffer = new MarkupDeclarationSniffer();
    private final byte[] slice = new byte[FEED_SLICE_BYTES];

    private long bytesFed;
    /** Bytes fed when the stream last stood between two top-level elements; the size limit counts from here. */
    private long lastBoundary;
    private int depth;
    /** Start tag of the stanza being read, kept so its sender can be told if it turns out too large. */
    private RefusedStanza stanzaHead;
    private StanzaWriter stanza;
    private StreamErrorReader streamError;
    /** Set once the stream is refused or closed: later bytes are dropped unparsed. */
    private boolean finished;

    XmlStreamDecoder(int maxStanzaBytes) {
        this.maxStanzaBytes = maxStanzaBytes;
        this.reader = newFactory().createAsyncForByteArray();
    }

    static AsyncXMLInputFactory newFactory() {
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Text arrives in pieces as bytes arrive instead of being accumulated into one big event.
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!finished && bytes.isReadable()) {
                int length = Math.min(bytes.readableBytes(), slice.length);
                bytes.readBytes(slice, 0, length);
                sniffer.scan(slice, 0, length);
                reader.getInputFeeder().feedInput(slice, 0, length);
                bytesFed += length;
                drain(ctx);
                if (!finished && bytesFed - lastBoundary > maxStanzaBytes) {
                    if (stanzaHead != null) {
                        ctx.fireChannelRead(new StreamEvent.StanzaTooLarge(stanzaHead));
                    }
                    refuse(ctx, new XmlInputRefusedException("policy-violation", LinkFailure.Kind.POLICY_VIOLATION,
                            "sent policy-violation: a stanza from the server exceeded " + maxStanzaBytes + " bytes"));
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            refuse(ctx, malformed(e));
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finished = true;
        try {
            reader.close();
        } catch (XMLStreamException ignored) {
            // closing a half-fed parser only releases buffers
        }
        super.channelInactive(ctx);
    }

    private void drain(ChannelHandlerContext ctx) throws XMLStreamException {
        int event;
        while (!finished && (event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> startElement(ctx);
                case XMLStreamConstants.END_ELEMENT -> endElement(ctx);
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text(ctx);
                case XMLStreamConstants.DTD -> refuseRestricted(ctx, "a DOCTYPE");
                case XMLStreamConstants.ENTITY_REFERENCE -> refuseRestricted(ctx, "an entity reference &" + reader.getLocalName() + ";");
                case XMLStreamConstants.COMMENT -> refuseRestricted(ctx, "a comment");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> refuseRestricted(ctx, "a processing instruction");
                case XMLStreamConstants.END_DOCUMENT -> close(ctx);
                default -> { } // START_DOCUMENT (the XML declaration)
            }
        }
    }

    private void startElement(ChannelHandlerContext ctx) {
        depth++;
        if (depth == 1) {
            if (!StreamMarkup.STREAMS_NS.equals(reader.getNamespaceURI()) || !"stream".equals(reader.getLocalName())) {
                refuse(ctx, new XmlInputRefusedException("invalid-namespace", LinkFailure.Kind.STREAM_ERROR,
                        "sent invalid-namespace: the server opened with <" + reader.getName() + "> instead of <stream:stream>"));
                return;
            }
            lastBoundary = bytesFed;
            ctx.fireChannelRead(new StreamOpened(attribute("id"), attribute("from"), attribute("to"), attribute("version")));
        } else if (depth == 2 && StreamMarkup.STREAMS_NS.equals(reader.getNamespaceURI()) && "error".equals(reader.getLocalName())) {
            streamError = new StreamErrorReader();
        } else if (streamError != null) {
            streamError.startElement(depth, reader.getNamespaceURI(), reader.getLocalName());
        } else {
            if (depth == 2) {
                stanza = new StanzaWriter();
                stanzaHead = new RefusedStanza(reader.getLocalName(), attribute("from"), attribute("to"),
                        attribute("id"), attribute("type"), maxStanzaBytes);
            }
            stanza.startElement(reader);
        }
    }

    private void endElement(ChannelHandlerContext ctx) {
        depth--;
        if (depth == 0) {
            close(ctx);
        } else if (streamError != null) {
            if (depth == 1) {
                StreamError error = streamError.toEvent();
                streamError = null;
                lastBoundary = bytesFed;
                ctx.fireChannelRead(error);
            }
        } else {
            String namespace = depth == 1 ? reader.getNamespaceURI() : null;
            String localName = depth == 1 ? reader.getLocalName() : null;
            stanza.endElement();
            if (depth == 1) {
                StanzaReceived received = new StanzaReceived(namespace == null ? "" : namespace, localName, stanza.xml());
                stanza = null;
                stanzaHead = null;
                lastBoundary = bytesFed;
                ctx.fireChannelRead(received);
            }
        }
    }

    private void text(ChannelHandlerContext ctx) {
        if (depth <= 1) {
            if (!reader.isWhiteSpace()) {
                refuse(ctx, new XmlInputRefusedException("not-well-formed", LinkFailure.Kind.NOT_WELL_FORMED,
                        "sent not-well-formed: text outside any stanza"));
                return;
            }
            lastBoundary = bytesFed; // whitespace keepalives between stanzas never add up to a "stanza"
        } else if (streamError != null) {
            streamError.text(depth, reader.getText());
        } else {
            stanza.text(reader.getText());
        }
    }

    private void close(ChannelHandlerContext ctx) {
        finished = true;
        ctx.fireChannelRead(StreamClosed.INSTANCE);
    }

    private void refuseRestricted(ChannelHandlerContext ctx, String what) {
        refuse(ctx, new XmlInputRefusedException("restricted-xml", LinkFailure.Kind.RESTRICTED_XML,
                "sent restricted-xml: the server's stream contained " + what));
    }

    private XmlInputRefusedException malformed(Exception e) {
        if (sniffer.seen()) {
            return new XmlInputRefusedException("restricted-xml", LinkFailure.Kind.RESTRICTED_XML,
                    "sent restricted-xml: the server's stream contained a DTD or markup declaration");
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new XmlInputRefusedException("not-well-formed", LinkFailure.Kind.NOT_WELL_FORMED,
                "sent not-well-formed: " + reason);
    }

    private void refuse(ChannelHandlerContext ctx, XmlInputRefusedException refusal) {
        if (finished) {
            return;
        }
        finished = true;
        stanza = null;
        ctx.fireExceptionCaught(refusal);
    }

    private String attribute(String localName) {
        String value = reader.getAttributeValue(null, localName);
        return value == null ? "" : value;
    }
}
