package dev.ferry.bridge.stream;

/**
 * Notices {@code <!} followed by a letter ({@code <!DOCTYPE}, {@code <!ENTITY}, {@code <!ELEMENT} …)
 * in raw bytes, across chunk boundaries.
 *
 * <p>Why: with DTD support off, Aalto rejects an internal DTD subset (a billion-laughs payload)
 * with a generic well-formedness error. RFC 6120 wants {@code restricted-xml} for it, so when the
 * parser fails the decoder asks this sniffer whether a declaration was the cause.
 */
final class MarkupDeclarationSniffer {

    private int state; // 0: nothing, 1: saw '<', 2: saw "<!"
    private boolean seen;

    void scan(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (state == 2 && ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) {
                seen = true;
            }
            state = b == '<' ? 1 : state == 1 && b == '!' ? 2 : 0;
        }
    }

    boolean seen() {
        return seen;
    }
}
