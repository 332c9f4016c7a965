package dev.gavel.embedded;

/** An embedded server could not be prepared, started or stopped; the message says what and where. */
public final class EmbeddedServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedServerException(String message) {
        super(message);
    }

    public EmbeddedServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
