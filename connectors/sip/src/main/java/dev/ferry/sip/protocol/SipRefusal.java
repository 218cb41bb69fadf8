package dev.ferry.sip.protocol;

/**
 * A SIP request Ferry answers with an error response: the code, and a reason phrase that names
 * the input and the problem (it travels in the status line, so it is kept free of controls).
 */
public final class SipRefusal extends Exception {

    private final int code;

    public SipRefusal(int code, String reason) {
        super(HeaderText.clean(reason), null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}
