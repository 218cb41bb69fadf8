package dev.ferry.irc.client;

/** The connection ended before the IRC server confirmed a line; it may or may not have been taken. */
public final class LineNotConfirmedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LineNotConfirmedException(String reason) {
        super(reason, null, false, false);
    }
}
