package dev.ferry.mappings.store;

/** The store could not be reached or a statement failed. Messages carry no stored values. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
