package dev.ferry.bridge.cli;

/** Exit codes a script can act on; listed in the README. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int CONFIG = 3;
    public static final int STORE = 4;
    public static final int XMPP_REFUSED = 5;

    private ExitCodes() {
    }
}
