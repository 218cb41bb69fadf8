package dev.ferry.bridge.stream;

/** User event fired by {@link ComponentHandshakeHandler} when the server answered our handshake with {@code <handshake/>}. */
enum HandshakeAccepted {
    INSTANCE
}
