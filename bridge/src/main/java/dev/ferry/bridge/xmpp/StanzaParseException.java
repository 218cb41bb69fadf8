package dev.ferry.bridge.xmpp;

/** A stanza that is well-formed XML but not a stanza Smack can read (bad JID, unknown type, ...). */
public final class StanzaParseException extends Exception {

    public StanzaParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
