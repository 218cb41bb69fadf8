package dev.ferry.mappings.crypto;

/** The credential key cannot be used; the message names the setting or file and the fix, never the key. */
public final class KeyMaterialException extends RuntimeException {

    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
