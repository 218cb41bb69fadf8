package dev.ferry.irc.client;

/** Registration with the IRC server failed; the message says why (SASL refused, nicks exhausted, ...). */
public final class IrcRegistrationException extends RuntimeException {
    public IrcRegistrationException(String message) {
        super(message);
    }
}
