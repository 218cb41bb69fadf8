package dev.ferry.bridge.stream;

/** Completes {@link ComponentLink#firstConnect()} when the link stopped for good; the message is {@link LinkFailure#humanMessage()}. */
public final class LinkFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient LinkFailure failure;

    public LinkFailedException(LinkFailure failure) {
        super(failure.humanMessage(), null, false, false);
        this.failure = failure;
    }

    public LinkFailure failure() {
        return failure;
    }
}
