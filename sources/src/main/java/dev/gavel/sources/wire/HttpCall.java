package dev.gavel.sources.wire;

import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One HTTP exchange of a source, never throwing: the answer with the time it came, or the {@link
 * PageOutcome.Unavailable} a time-out, a transport error or an interrupt comes to. Also reads {@code
 * Retry-After} (seconds or an HTTP date) and answers the statuses every source treats alike.
 */
public final class HttpCall {
    private HttpCall() {}

    /** What one exchange came to. */
    public sealed interface Sent {
        record Answered(HttpResponse<String> response, Instant at) implements Sent {}

        record Failed(PageOutcome.Unavailable why) implements Sent {}
    }

    /** Sends {@code request}; {@code source} names the vendor in messages. */
    public static Sent send(HttpClient http, HttpRequest request, String source, Clock clock) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Sent.Answered(response, clock.instant());
        } catch (HttpTimeoutException e) {
            return new Sent.Failed(new PageOutcome.Unavailable(
                    Failure.TIMEOUT,
                    source + " gave no answer within "
                            + request.timeout().map(d -> d.toMillis() + " ms").orElse("the time-out"),
                    Optional.empty()));
        } catch (IOException e) {
            return new Sent.Failed(new PageOutcome.Unavailable(
                    Failure.TRANSPORT,
                    source + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
                    Optional.empty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent.Failed(new PageOutcome.Unavailable(Failure.TRANSPORT, "interrupted", Optional.empty()));
        } catch (IllegalArgumentException | SecurityException e) {
            return new Sent.Failed(new PageOutcome.Unavailable(
                    Failure.TRANSPORT, source + ": the request was refused: " + e.getMessage(), Optional.empty()));
        }
    }

    /**
     * The outcome of a status every source answers alike: 429 (rate limited, with {@code Retry-After}), 5xx
     * (server error); empty for any other status, which the source reads itself.
     */
    public static Optional<PageOutcome> common(HttpResponse<String> response, String source, Instant at) {
        int status = response.statusCode();
        if (status == 429) {
            Optional<Duration> after = retryAfter(response, at);
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
                    status + " from " + source + ": " + abbreviate(response.body()),
                    Optional.empty()));
        }
        return Optional.empty();
    }

    /** {@code Retry-After} as seconds ({@code 30}) or an HTTP date, from {@code at}; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(HttpResponse<?> response, Instant at) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            String value = v.strip();
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Optional.of(when.isAfter(at) ? Duration.between(at, when) : Duration.ZERO);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** The start of a body, for messages. */
    public static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
