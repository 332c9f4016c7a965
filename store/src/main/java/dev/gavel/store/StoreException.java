package dev.gavel.store;

/** PostgreSQL or Redis could not do what was asked; the message names the server and the reason. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
