package dev.ferry.sip.protocol;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * The state of one SUBSCRIBE dialog (RFC 6665 §4.1, RFC 3261 §12), kept by Ferry itself rather
 * than the stack so it can be written down and rebuilt: Call-ID, both tags, the remote target
 * and the local CSeq. Builds the requests that belong in it.
 */
public final class SipDialog {

    private final String callId;
    private final SipURI localUri;
    private final String localTag;
    private final URI remoteUri;
    private volatile String remoteTag;
    private volatile URI remoteTarget;
    private final AtomicLong cseq;

    public SipDialog(String callId, SipURI localUri, String localTag, URI remoteUri, String remoteTag, URI remoteTarget, long cseq) {
        this.callId = callId;
        this.localUri = localUri;
        this.localTag = localTag;
        this.remoteUri = remoteUri;
        this.remoteTag = remoteTag;
        this.remoteTarget = remoteTarget;
        this.cseq = new AtomicLong(cseq);
    }

    /** A new dialog Ferry opens towards {@code remote} (its first request goes to {@code remote} itself). */
    public static SipDialog open(SipURI localUri, URI remote, String localHost) {
        return new SipDialog(hex(12) + "@" + localHost, localUri, hex(6), remote, null, remote, 0);
    }

    /** The dialog a SUBSCRIBE opened towards Ferry: Ferry's tag is new, the rest comes from the request. */
    public static SipDialog accepted(Request request, SipURI localUri) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        long seq = ThreadLocalRandom.current().nextInt(1, 1 << 20);
        return new SipDialog(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(), localUri, hex(6),
                from.getAddress().getURI(), from.getTag(),
                contact != null ? contact.getAddress().getURI() : from.getAddress().getURI(), seq);
    }

    /** Learns the remote tag and target from a response or request of the other side, once known. */
    public void learn(Message m, boolean fromRemoteAsFrom) {
        String tag = fromRemoteAsFrom ? ((FromHeader) m.getHeader(FromHeader.NAME)).getTag()
                : ((ToHeader) m.getHeader(ToHeader.NAME)).getTag();
        if (remoteTag == null && tag != null) {
            remoteTag = tag;
        }
        ContactHeader contact = (ContactHeader) m.getHeader(ContactHeader.NAME);
        if (contact != null) {
            remoteTarget = contact.getAddress().getURI();
        }
    }

    /** A request in this dialog (the first one too): next CSeq, both tags as known. */
    public Request request(String method) throws ParseException {
        try {
            FromHeader from = SipFactories.HEADERS.createFromHeader(SipFactories.ADDRESSES.createAddress(localUri), localTag);
            ToHeader to = SipFactories.HEADERS.createToHeader(SipFactories.ADDRESSES.createAddress(remoteUri), remoteTag);
            CSeqHeader seq = SipFactories.HEADERS.createCSeqHeader(cseq.incrementAndGet(), method);
            return SipFactories.MESSAGES.createRequest((URI) remoteTarget.clone(), method,
                    SipFactories.HEADERS.createCallIdHeader(callId), seq, from, to, new ArrayList<>(),
                    SipFactories.HEADERS.createMaxForwardsHeader(70));
        } catch (InvalidArgumentException e) {
            throw new ParseException(e.getMessage(), 0);
        }
    }

    /** A request of ours went out with CSeq {@code seq} (an authenticated retry takes the next number). */
    public void sent(long seq) {
        cseq.accumulateAndGet(seq, Math::max);
    }

    public String callId() {
        return callId;
    }

    public String localTag() {
        return localTag;
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
