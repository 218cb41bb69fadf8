package dev.ferry.sip.protocol;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.mappings.address.SipAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.ChatState;
import dev.ferry.spi.Event;
import dev.ferry.spi.Message;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.SubjectHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

/**
 * SIP MESSAGE (RFC 3428) ↔ neutral events, as RFC 7572 maps them: pure, no stack, no socket.
 *
 * <p>SIP → XMPP: the Request-URI's user part {@code alice*example.org} names the JID
 * {@code alice@example.org}; the sender {@code sip:bob@host} appears on XMPP as
 * {@code bob%host@<gateway>}, so a reply goes back to it. XMPP → SIP is the mirror image.
 */
public final class SipMessageTranslator {

    private final String gatewayDomain;
    private final String separator;
    private final int maxBodyBytes;
    private final java.util.function.Function<String, Optional<String>> linkedJid;

    public SipMessageTranslator(String gatewayDomain, String separator, int maxBodyBytes) {
        this(gatewayDomain, separator, maxBodyBytes, aor -> Optional.empty());
    }

    /** @param linkedJid the JID an AOR ({@code sip:alice@pbx.example.org}) is linked to in the store, if any */
    public SipMessageTranslator(String gatewayDomain, String separator, int maxBodyBytes,
                                java.util.function.Function<String, Optional<String>> linkedJid) {
        this.gatewayDomain = gatewayDomain;
        this.separator = separator;
        this.maxBodyBytes = maxBodyBytes;
        this.linkedJid = linkedJid;
    }

    // ---- from SIP to XMPP ----

    /**
     * The XMPP user a request addresses: the JID its Request-URI is linked to (a registered AOR
     * takes precedence, DESIGN.md), else its user part in the separator form.
     */
    public Address recipient(Request request) throws SipRefusal {
        URI uri = request.getRequestURI();
        if (!(uri instanceof SipURI sip) || sip.getUser() == null) {
            throw new SipRefusal(404, "Not Found: the request URI names no user (expected user" + separator + "domain)");
        }
        Optional<String> linked = linkedJid.apply("sip:" + sip.getUser() + "@" + sip.getHost().toLowerCase(Locale.ROOT));
        if (linked.isPresent()) {
            JidAddress jid = JidAddress.parse(linked.get());
            return Address.of(jid.localpart(), jid.domain());
        }
        try {
            JidAddress jid = SipAddress.jidFromUser(sip.getUser(), separator);
            return Address.of(jid.localpart(), jid.domain());
        } catch (AddressException e) {
            throw new SipRefusal(404, "Not Found: " + e.getMessage());
        }
    }

    /** The SIP sender as an address on the gateway ({@code bob%host@sip.gw}). */
    public Address sender(Request request) throws SipRefusal {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        URI uri = from == null ? null : from.getAddress().getURI();
        if (!(uri instanceof SipURI sip) || sip.getUser() == null) {
            throw new SipRefusal(400, "Bad Request: the From header must be a sip:user@host URI");
        }
        try {
            SipAddress a = new SipAddress(sip.getUser(), sip.getHost().toLowerCase(Locale.ROOT));
            return Address.of(a.format(), gatewayDomain);
        } catch (AddressException e) {
            throw new SipRefusal(400, "Bad Request: From: " + e.getMessage());
        }
    }

    /**
     * A MESSAGE as the event it carries: {@code text/plain} a chat message, isComposing a chat
     * state. Refused: oversized bodies (413), other content types (415), text that is not valid
     * in its charset (400), addresses outside the mapping (404 / 400).
     */
    public Event fromSip(Request request) throws SipRefusal {
        byte[] body = request.getRawContent() == null ? new byte[0] : request.getRawContent();
        ContentLengthHeader length = request.getContentLength();
        if (body.length > maxBodyBytes || length != null && length.getContentLength() > maxBodyBytes) {
            throw new SipRefusal(413, "Request Entity Too Large: bodies up to " + maxBodyBytes + " bytes are accepted");
        }
        Address to = recipient(request);
        Address from = sender(request);
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String mime = type == null ? "text/plain" : (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(Locale.ROOT);
        if (mime.equals(IsComposing.CONTENT_TYPE + "/" + IsComposing.CONTENT_SUBTYPE)) {
            ChatState.State state = IsComposing.parse(body)
                    .orElseThrow(() -> new SipRefusal(400, "Bad Request: not an isComposing document (RFC 3994)"));
            return new ChatState(from, to, state);
        }
        if (!mime.equals("text/plain")) {
            throw new SipRefusal(415, "Unsupported Media Type: " + mime + " (text/plain and " + IsComposing.CONTENT_TYPE
                    + "/" + IsComposing.CONTENT_SUBTYPE + " are accepted)");
        }
        String text = plainText(decode(body, type == null ? null : type.getParameter("charset")));
        SubjectHeader subject = (SubjectHeader) request.getHeader(SubjectHeader.NAME);
        return new Message(from, to, Message.Kind.CHAT, text,
                Optional.ofNullable(subject).map(SubjectHeader::getSubject).filter(s -> !s.isBlank()),
                Optional.empty(), messageId(request), Optional.empty(), List.of(), Instant.now());
    }

    /**
     * A stable id for a request: the same for its retransmissions, different for every other
     * request (RFC 3261 §17.2.3 matches a transaction on Call-ID, CSeq and the Via branch).
     */
    public static String messageId(Request request) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long seq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((callId + "\n" + seq).getBytes(StandardCharsets.UTF_8));
            return "sip-" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Line breaks as XMPP writes them ({@code \n}), without the one that ends the body: SIPp and
     * other UAs count a final CRLF in Content-Length, which is no part of what the user wrote.
     */
    static String plainText(String text) {
        String t = text.replace("\r\n", "\n");
        return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
    }

    private static String decode(byte[] body, String charsetName) throws SipRefusal {
        Charset charset;
        try {
            charset = charsetName == null ? StandardCharsets.UTF_8 : Charset.forName(charsetName.replace("\"", "").trim());
        } catch (RuntimeException e) {
            throw new SipRefusal(415, "Unsupported Media Type: unknown charset " + charsetName);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new SipRefusal(400, "Bad Request: the body is not valid " + charset.name());
        }
    }

    // ---- from XMPP to SIP ----

    /** The SIP AOR an XMPP address on the gateway names ({@code bob%host@sip.gw} → {@code sip:bob@host}). */
    public static SipAddress target(Address to) {
        if (to.local() == null) {
            throw new AddressException("SIP address", to.toString(), "the gateway itself takes no messages; write to user%host@" + to.domain());
        }
        return SipAddress.parse(to.local());
    }

    /** The SIP identity of an XMPP user: {@code sip:alice*example.org@<advertised host>}. */
    public SipURI identity(Address user, String advertisedHost) throws ParseException {
        JidAddress jid = JidAddress.parse(user.bare().toString());
        return SipFactories.ADDRESSES.createSipURI(SipAddress.userForJid(jid, separator), advertisedHost);
    }

    /**
     * A MESSAGE request for an XMPP message, without its Via (the transport that sends it adds
     * that). The subject is cleaned of line breaks and controls ({@link HeaderText}).
     */
    public Request toSip(Message message, SipURI fromUri, Optional<SipURI> route) throws ParseException {
        SipAddress target = target(message.to());
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        Request request = request(target, fromUri, route, Request.MESSAGE,
                SipFactories.HEADERS.createContentTypeHeader("text", "plain"), body);
        ((ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME)).setParameter("charset", "UTF-8");
        if (message.subject().isPresent()) {
            String subject = HeaderText.clean(message.subject().get());
            if (!subject.isEmpty()) {
                request.addHeader(SipFactories.HEADERS.createSubjectHeader(subject));
            }
        }
        return request;
    }

    /** An isComposing MESSAGE (RFC 3994) for an XMPP chat state. */
    public Request toSip(ChatState state, SipURI fromUri, Optional<SipURI> route) throws ParseException {
        SipAddress target = target(state.to());
        return request(target, fromUri, route, Request.MESSAGE,
                SipFactories.HEADERS.createContentTypeHeader(IsComposing.CONTENT_TYPE, IsComposing.CONTENT_SUBTYPE),
                IsComposing.format(state.state()).getBytes(StandardCharsets.UTF_8));
    }

    static Request request(SipAddress target, SipURI fromUri, Optional<SipURI> route, String method,
                           ContentTypeHeader type, byte[] body) throws ParseException {
        try {
            SipURI requestUri = SipFactories.ADDRESSES.createSipURI(target.user(), target.host());
            FromHeader from = SipFactories.HEADERS.createFromHeader(SipFactories.ADDRESSES.createAddress(fromUri), tag());
            ToHeader to = SipFactories.HEADERS.createToHeader(SipFactories.ADDRESSES.createAddress(requestUri), null);
            CallIdHeader callId = SipFactories.HEADERS.createCallIdHeader(
                    HexFormat.of().formatHex(randomBytes(12)) + "@" + fromUri.getHost());
            CSeqHeader cseq = SipFactories.HEADERS.createCSeqHeader(1L, method);
            Request request = SipFactories.MESSAGES.createRequest(requestUri, method, callId, cseq, from, to,
                    new ArrayList<>(), SipFactories.HEADERS.createMaxForwardsHeader(70), type, body);
            if (route.isPresent()) {
                SipURI hop = (SipURI) route.get().clone();
                hop.setLrParam();
                Header routeHeader = SipFactories.HEADERS.createRouteHeader(SipFactories.ADDRESSES.createAddress(hop));
                request.addHeader(routeHeader);
            }
            return request;
        } catch (InvalidArgumentException e) {
            throw new ParseException(e.getMessage(), 0);
        }
    }

    private static String tag() {
        return HexFormat.of().formatHex(randomBytes(6));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
