package dev.ferry.mappings.crypto;

/** A sealed credential did not authenticate: wrong store key, tampered bytes or a row moved to another owner. */
public final class CredentialDecryptionException extends RuntimeException {

    public CredentialDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
