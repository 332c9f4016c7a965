package dev.gavel.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Records {@code http.server.requests} (count and latency by method, route template, status and
 * outcome) the way Micrometer's other integrations name it, so dashboards carry over.
 */
public final class HttpMetrics {
    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, String route, long startedNanos) {
        int status = ctx.statusCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests handled")
                .tag("method", ctx.method().name())
                .tag("uri", route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
