package dev.gavel.server.market.alerts;

import dev.gavel.core.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How alerts are delivered.
 *
 * @param webhookTimeout how long connecting to a webhook, and then its answer, may each take
 * @param maxAttempts attempts per delivery before it is FAILED (the first included)
 * @param firstRetry the wait after the first failed attempt; it doubles after each next one
 * @param maxRetry the longest wait between two attempts
 * @param lease how long a claimed delivery stays with its worker; a worker that dies leaves it due again then
 * @param pollInterval how often the dispatcher looks for due deliveries when nobody wakes it
 * @param maxInFlight deliveries sent at once; each runs on its own virtual thread
 * @param allowPrivateTargets whether webhooks may point at loopback, private or link-local addresses (on for the
 *     demo and tests; off in production, so alerts cannot be aimed at Gavel's own network)
 * @param smtp the mail server for e-mail alerts; absent: e-mail channels are refused
 */
public record AlertSettings(
        Duration webhookTimeout,
        int maxAttempts,
        Duration firstRetry,
        Duration maxRetry,
        Duration lease,
        Duration pollInterval,
        int maxInFlight,
        boolean allowPrivateTargets,
        Optional<Smtp> smtp) {
    public AlertSettings {
        Objects.requireNonNull(smtp, "smtp");
        if (maxAttempts < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("alerts need at least one attempt and one delivery in flight");
        }
        if (lease.compareTo(webhookTimeout.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("the delivery lease (" + lease
                    + ") must outlast a webhook's connect and answer (" + webhookTimeout.multipliedBy(2) + ")");
        }
    }

    /**
     * An SMTP server.
     *
     * @param startTls upgrade the connection with STARTTLS (required when set)
     * @param timeout connect, read and write timeout
     */
    public record Smtp(
            String host,
            int port,
            String from,
            Optional<String> user,
            Optional<Secret> password,
            boolean startTls,
            Duration timeout) {
        public Smtp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** 5 s webhook timeouts, 5 attempts 1 s, 2 s, 4 s, 8 s apart, public webhook hosts only, no e-mail. */
    public static AlertSettings defaults() {
        return new AlertSettings(
                Duration.ofSeconds(5),
                5,
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                32,
                false,
                Optional.empty());
    }

    public AlertSettings withSmtp(Smtp server) {
        return new AlertSettings(
                webhookTimeout,
                maxAttempts,
                firstRetry,
                maxRetry,
                lease,
                pollInterval,
                maxInFlight,
                allowPrivateTargets,
                Optional.of(server));
    }

    public AlertSettings withPrivateTargets(boolean allowed) {
        return new AlertSettings(
                webhookTimeout, maxAttempts, firstRetry, maxRetry, lease, pollInterval, maxInFlight, allowed, smtp);
    }

    public AlertSettings withRetries(int attempts, Duration first, Duration pollEvery) {
        return new AlertSettings(
                webhookTimeout, attempts, first, maxRetry, lease, pollEvery, maxInFlight, allowPrivateTargets, smtp);
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first): doubling from firstRetry, capped. */
    public Duration retryAfter(int attempt) {
        Duration wait = firstRetry;
        for (int i = 1; i < attempt && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
