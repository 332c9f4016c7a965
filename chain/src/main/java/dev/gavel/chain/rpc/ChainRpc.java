package dev.gavel.chain.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP to an ordered list of providers. A call goes to the first provider that is up;
 * when it fails (I/O error, no whole answer within {@code timeout} — the body included —, an answer over
 * {@value #MAX_BODY_BYTES} bytes, an HTTP error status, an answer that is not a JSON-RPC response, a result
 * the caller cannot read, or a JSON-RPC error that is about the provider rather than the call: a rate limit,
 * an internal error, a missing header) the provider is marked down for {@code downFor} from the moment it
 * failed and the next one is tried. Any other JSON-RPC {@code error} is the node's answer about the call (a
 * revert, a nonce too low): it is thrown as {@link RpcError} without failover. When every provider is down
 * they are all tried anyway, the longest-down last, so a recovered one is found. Thread-safe.
 */
public final class ChainRpc {
    private static final Logger LOG = LoggerFactory.getLogger(ChainRpc.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** No JSON-RPC answer Gavel asks for comes near this; a bigger one is a sick provider. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /**
     * @param urls providers in failover order
     * @param timeout per call and provider
     * @param downFor how long a failed provider is passed over before it is tried first again
     */
    public record Settings(List<URI> urls, Duration timeout, Duration downFor) {
        public Settings {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one JSON-RPC provider URL is needed");
            }
        }

        public static Settings of(List<URI> urls) {
            return new Settings(urls, Duration.ofSeconds(10), Duration.ofSeconds(15));
        }
    }

    /** What became of one attempt on one provider. */
    public enum Outcome {
        /** A result. */
        OK,
        /** The node answered with a JSON-RPC error. */
        REFUSED,
        /** No usable answer: the provider is marked down. */
        FAILED
    }

    /** Sees every attempt (metrics). Must be quick and must not throw. */
    @FunctionalInterface
    public interface Observer {
        void attempted(String provider, String method, Duration took, Outcome outcome);
    }

    private final List<Provider> providers;
    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Observer observer;
    private final AtomicLong ids = new AtomicLong();

    public ChainRpc(Settings settings, Clock clock, Observer observer) {
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        var list = new ArrayList<Provider>();
        for (URI url : settings.urls()) {
            list.add(new Provider(url, nameOf(url)));
        }
        this.providers = List.copyOf(list);
    }

    public ChainRpc(Settings settings, Clock clock) {
        this(settings, clock, (p, m, t, o) -> {});
    }

    /** The provider's host and port: its path and query often carry an API key and are never shown. */
    static String nameOf(URI url) {
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    /**
     * Calls {@code method} and reads the result with {@code read}. A result that {@code read} cannot take
     * (it throws) counts as garbage from that provider, which is then marked down.
     */
    public <T> T call(String method, List<?> params, Function<JsonNode, T> read) {
        String body;
        try {
            ObjectNode request = JSON.createObjectNode()
                    .put("jsonrpc", "2.0")
                    .put("id", ids.incrementAndGet())
                    .put("method", method);
            request.set("params", JSON.valueToTree(params));
            body = JSON.writeValueAsString(request);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot write the parameters of " + method + ": " + e.getMessage(), e);
        }
        var failures = new ArrayList<String>();
        for (Provider provider : order()) {
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            try {
                JsonNode result = provider.send(method, body);
                T value;
                try {
                    value = read.apply(result);
                } catch (RuntimeException e) {
                    throw new Garbage("a result " + method + " cannot use (" + e.getMessage() + ")");
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                provider.succeeded(took, started);
                observer.attempted(provider.name, method, took, Outcome.OK);
                return value;
            } catch (RpcError refused) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                if (refused.isAboutTheProvider()) {
                    String why = "refused: " + refused.reason();
                    provider.failed(why, clock.instant());
                    observer.attempted(provider.name, method, took, Outcome.FAILED);
                    failures.add(provider.name + ": " + why);
                    LOG.warn("chain provider {} failed {}: {}", provider.name, method, why);
                    continue;
                }
                provider.succeeded(took, started);
                observer.attempted(provider.name, method, took, Outcome.REFUSED);
                throw refused;
            } catch (Garbage | IOException | TimeoutException e) {
                String why = describe(e);
                provider.failed(why, clock.instant());
                observer.attempted(provider.name, method, Duration.ofNanos(System.nanoTime() - t0), Outcome.FAILED);
                failures.add(provider.name + ": " + why);
                LOG.warn("chain provider {} failed {}: {}", provider.name, method, why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainUnavailable(method + " interrupted");
            }
        }
        throw new ChainUnavailable("no chain provider answered " + method + ": " + String.join("; ", failures));
    }

    /** Health of every provider, in failover order. */
    public List<ProviderHealth> health() {
        return providers.stream().map(Provider::health).toList();
    }

    /** Up providers first (in their configured order), then the ones that are down, the longest-down first. */
    private List<Provider> order() {
        Instant now = clock.instant();
        var up = new ArrayList<Provider>();
        var down = new ArrayList<Provider>();
        for (Provider p : providers) {
            (p.passOver(now) ? down : up).add(p);
        }
        down.sort(Comparator.comparing(Provider::failedAt));
        up.addAll(down);
        return up;
    }

    private static String describe(Exception e) {
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return "timed out";
        }
        if (e instanceof Garbage) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A provider that answered something that is not a usable JSON-RPC response. */
    private static final class Garbage extends Exception {
        private static final long serialVersionUID = 1L;

        Garbage(String message) {
            super(message);
        }
    }

    private final class Provider {
        private final URI url;
        private final String name;
        private boolean up = true;
        private long calls;
        private long failures;
        private String lastError;
        private Instant lastFailureAt;
        private Duration lastLatency;

        Provider(URI url, String name) {
            this.url = url;
            this.name = name;
        }

        JsonNode send(String method, String body) throws IOException, InterruptedException, Garbage, TimeoutException {
            var request = HttpRequest.newBuilder(url)
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            // the request's own timeout ends at the headers; the whole answer, body included, must come in time
            var pending = http.sendAsync(request, info -> new CappedBody(MAX_BODY_BYTES));
            HttpResponse<byte[]> response;
            try {
                response = pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(String.valueOf(e.getCause()), e.getCause());
            }
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                // a rate limit or a proxy's error page, even when it carries a JSON-RPC error: the provider's trouble
                throw new Garbage("HTTP " + response.statusCode());
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new Garbage("HTTP " + response.statusCode() + " with a body that is not JSON");
            }
            if (answer instanceof ArrayNode || answer == null || !answer.isObject()) {
                throw new Garbage("HTTP " + response.statusCode() + " with JSON that is not a JSON-RPC response");
            }
            JsonNode error = answer.get("error");
            if (error != null && error.isObject()) {
                throw new RpcError(
                        name,
                        method,
                        error.path("code").asInt(0),
                        error.path("message").asText("(no message)"));
            }
            if (!answer.has("result")) {
                throw new Garbage("a JSON-RPC response without a result");
            }
            return answer.get("result");
        }

        /** An answer to a call that started at {@code started}; one begun before the last failure does not revive it. */
        synchronized void succeeded(Duration took, Instant started) {
            calls++;
            if (lastFailureAt == null || !started.isBefore(lastFailureAt)) {
                up = true;
            }
            lastLatency = took;
        }

        synchronized Instant failedAt() {
            return lastFailureAt == null ? Instant.MIN : lastFailureAt;
        }

        synchronized void failed(String why, Instant at) {
            calls++;
            failures++;
            up = false;
            lastError = why;
            lastFailureAt = at;
        }

        synchronized boolean passOver(Instant now) {
            return !up && lastFailureAt != null && now.isBefore(lastFailureAt.plus(settings.downFor()));
        }

        synchronized ProviderHealth health() {
            return new ProviderHealth(
                    name,
                    up,
                    calls,
                    failures,
                    Optional.ofNullable(lastError),
                    Optional.ofNullable(lastFailureAt),
                    Optional.ofNullable(lastLatency));
        }
    }
}
