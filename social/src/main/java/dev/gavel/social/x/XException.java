package dev.gavel.social.x;

import java.time.Instant;

/** X could not do what was asked; each kind says what the caller can do about it. */
public abstract sealed class XException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    XException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The rate-limit window resets later than the client will wait: try again after {@link #resetAt()}. */
    public static final class RateLimited extends XException {
        private static final long serialVersionUID = 1L;
        private final transient Instant resetAt;

        public RateLimited(String endpoint, Instant resetAt) {
            super("X rate limit for " + endpoint + " is spent until " + resetAt, null);
            this.resetAt = resetAt;
        }

        public Instant resetAt() {
            return resetAt;
        }
    }

    /** X refused the request itself (4xx other than 429): retrying will not help. */
    public static final class Rejected extends XException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Rejected(int status, String detail) {
            super("X refused the request (" + status + "): " + detail, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** X is failing or unreachable (5xx, timeouts, the circuit breaker is open): retry later. */
    public static final class Unavailable extends XException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
