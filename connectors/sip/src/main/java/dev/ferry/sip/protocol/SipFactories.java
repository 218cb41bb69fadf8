package dev.ferry.sip.protocol;

import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/** JAIN-SIP's message, header and address factories (pure objects: no stack, no socket). */
public final class SipFactories {

    public static final AddressFactory ADDRESSES;
    public static final HeaderFactory HEADERS;
    public static final MessageFactory MESSAGES;

    static {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            ADDRESSES = f.createAddressFactory();
            HEADERS = f.createHeaderFactory();
            MESSAGES = f.createMessageFactory();
        } catch (PeerUnavailableException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SipFactories() {
    }
}
