package dev.gavel.sources.wire;

import dev.gavel.market.source.Fetched;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * One source's HTTP exchanges over the JDK client. {@link #send} never throws: a time-out, a refused
 * connection, an interrupt or a URL that is not one come back as {@link Exchange.Failed} with the {@link
 * Failure} the resilience policy understands; anything the server answered comes back as {@link
 * Exchange.Answered}, and {@link #refusal} turns a status that is not a success into its outcome (429 with
 * its {@code Retry-After}, 5xx, 401/403, the rest). Thread-safe.
 */
public final class SourceHttp {
    private static final int MAX_ABBREVIATED = 200;

    /** What one request came to. */
    public sealed interface Exchange {
        /** The server answered {@code status} with {@code body}, read at {@code at}. */
        record Answered(int status, HttpHeaders headers, String body, Instant at) implements Exchange {
            public Answered {
                Objects.requireNonNull(headers, "headers");
                Objects.requireNonNull(body, "body");
                Objects.requireNonNull(at, "at");
            }
        }

        /** No answer to read. */
        record Failed(PageOutcome.Unavailable why) implements Exchange {}
    }

    private final String source;
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public SourceHttp(String source, HttpClient client, Duration timeout, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends {@code request} to {@code url} with the per-request time-out. */
    public Exchange send(String url, HttpRequest.Builder request) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            // the URL may hold an id from a caller; say what is wrong without echoing more than needed
            return failed(Failure.HTTP_STATUS, "the " + source + " URL is not a URI: " + e.getMessage());
        }
        HttpRequest built;
        try {
            built = request.uri(uri).timeout(timeout).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(Failure.HTTP_STATUS, "the " + source + " request cannot be built: " + e.getMessage());
        }
        return send(built);
    }

    /** Sends {@code built} as it is; its own time-out should be this one's, which messages name. */
    public Exchange send(HttpRequest built) {
        try {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body();
            return new Exchange.Answered(response.statusCode(), response.headers(), body, clock.instant());
        } catch (HttpTimeoutException e) {
            return failed(Failure.TIMEOUT, source + " gave no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return failed(Failure.TRANSPORT, "the " + source + " call failed on the way: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(Failure.TRANSPORT, "interrupted while calling " + source);
        } catch (IllegalArgumentException | SecurityException e) {
            return failed(Failure.TRANSPORT, "the " + source + " call could not be made: " + e);
        }
    }

    private Exchange failed(Failure failure, String message) {
        return new Exchange.Failed(new PageOutcome.Unavailable(failure, message, Optional.empty()));
    }

    /** A call the source refuses to make, without reaching the service: HTTP_STATUS with {@code message}. */
    public static <T> Fetched<T> refused(String message) {
        return new Fetched.Failed<>(new PageOutcome.Unavailable(Failure.HTTP_STATUS, message, Optional.empty()));
    }

    /**
     * The outcome of an answer the caller does not read as a success: 401 and 403 are UNAUTHORIZED, 429 is
     * RATE_LIMITED carrying its {@code Retry-After}, 5xx is SERVER_ERROR, anything else HTTP_STATUS with the
     * start of the body.
     */
    public static PageOutcome.Unavailable refusal(String source, Exchange.Answered answer) {
        int status = answer.status();
        if (status == 401 || status == 403) {
            return new PageOutcome.Unavailable(
                    Failure.UNAUTHORIZED, source + " refused the credentials (" + status + ")", Optional.empty());
        }
        return common(source, answer)
                .orElseGet(() -> new PageOutcome.Unavailable(
                        Failure.HTTP_STATUS,
                        status + " from " + source + ": " + abbreviate(answer.body()),
                        Optional.empty()));
    }

    /**
     * The outcome of a status every source answers alike: 429 is RATE_LIMITED carrying its {@code
     * Retry-After}, 5xx is SERVER_ERROR; empty for any other status, which the source reads itself.
     */
    public static Optional<PageOutcome.Unavailable> common(String source, Exchange.Answered answer) {
        int status = answer.status();
        if (status == 429) {
            Optional<Duration> after = retryAfter(answer.headers(), answer.at());
            return Optional.of(new PageOutcome.Unavailable(
                    Failure.RATE_LIMITED,
                    "429 from " + source
                            + after.map(d -> ", retry after " + d.toSeconds() + " s")
                                    .orElse(""),
                    after));
        }
        if (status >= 500) {
            return Optional.of(new PageOutcome.Unavailable(
                    Failure.SERVER_ERROR,
                    status + " from " + source + ": " + abbreviate(answer.body()),
                    Optional.empty()));
        }
        return Optional.empty();
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (relative to {@code now}); empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").map(String::strip).flatMap(v -> {
            if (v.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** A path segment with everything but unreserved characters percent-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query value, form-encoded. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The start of a body for an error message, on one line; null reads as empty. */
    public static String abbreviate(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_ABBREVIATED ? line : line.substring(0, MAX_ABBREVIATED) + "…";
    }
}
