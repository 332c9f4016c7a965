package dev.gavel.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds the Javalin app: virtual threads, strict JSON, the error format, request ids and access log,
 * metrics, the landing page, and the route modules handed in. A route under {@code /api} that does not
 * declare its {@link Access} stops start-up, so no route is open by accident.
 */
public final class HttpApi {
    private static final Logger ACCESS = LoggerFactory.getLogger("gavel.http.access");
    private static final String STARTED = "gavel.startedNanos";
    /** The most a multipart upload may carry in all; routes hold their files to smaller limits of their own. */
    public static final long UPLOAD_LIMIT = 32L * 1024 * 1024;

    private HttpApi() {}

    /** The route module contract: each registers its routes with their access next to them. */
    public interface Routes extends Consumer<RoutesConfig> {}

    /**
     * The app; {@link Javalin#start()} it. It listens on {@code host:port} with an accept queue of 1024, so a
     * burst of new connections (a bidding frenzy) waits in line instead of being dropped at the default
     * backlog of 50.
     */
    public static Javalin create(
            String host,
            int port,
            long maxBodyBytes,
            ObjectMapper mapper,
            Handler accessCheck,
            HttpMetrics metrics,
            List<Routes> modules) {
        return Javalin.create(config -> {
            config.jetty.addConnector((server, httpConfiguration) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
                connector.setHost(host);
                connector.setPort(port);
                connector.setAcceptQueueSize(1024);
                return connector;
            });
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // uploads (stream assets) are larger than JSON bodies, which Bodies still holds to maxBodyBytes
            long uploads = UPLOAD_LIMIT;
            config.http.maxRequestSize = Math.max(maxBodyBytes, uploads);
            config.jetty.multipartConfig.maxFileSize(uploads, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(uploads, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
            config.http.defaultContentType = "application/json";
            // Javalin copies each ctx.result(...) to the response through a buffer it allocates per request, by
            // default as large as Jetty's output buffer (32 KB): 64 MB/s of garbage at 2,000 small answers a
            // second. Jetty aggregates writes into its own pooled buffer anyway, so 4 KB pieces cost nothing.
            config.http.responseBufferSize = 4096;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.router.ignoreTrailingSlashes = true;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.ANYONE);
            });
            config.events.handlerAdded(meta -> requireDeclaredAccess(meta.getPath(), meta.getRoles()));

            var routes = config.routes;
            routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                MDC.put(RequestIds.MDC_KEY, RequestIds.assign(ctx));
            });
            routes.beforeMatched(accessCheck);
            routes.after(ctx -> {
                try {
                    String route = routeOf(ctx);
                    Long started = ctx.attribute(STARTED);
                    long startedNanos = started == null ? System.nanoTime() : started;
                    metrics.record(ctx, route, startedNanos);
                    logAccess(ctx, (System.nanoTime() - startedNanos) / 1_000_000.0);
                } finally {
                    MDC.remove(RequestIds.MDC_KEY);
                }
            });
            ErrorHandling.install(routes);
            for (Routes module : modules) {
                module.accept(routes);
            }
        });
    }

    static void requireDeclaredAccess(String path, Set<RouteRole> roles) {
        if (path.startsWith("/api") && roles.stream().noneMatch(Access.class::isInstance)) {
            throw new IllegalStateException(
                    "route " + path + " declares no Access; say who may call it next to the route");
        }
    }

    private static String routeOf(Context ctx) {
        Endpoint matched = null;
        try {
            matched = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            // no route matched: a static file or a 404
        }
        if (matched != null) {
            return matched.path;
        }
        return ctx.statusCode() == 404 ? "NOT_FOUND" : "STATIC";
    }

    private static void logAccess(Context ctx, double millis) {
        String path = ctx.path();
        boolean quiet = path.equals("/health") || path.equals("/metrics");
        if (quiet ? ACCESS.isDebugEnabled() : ACCESS.isInfoEnabled()) {
            String line = String.format("%s %s %d %.1fms", ctx.method(), path, ctx.statusCode(), millis);
            if (quiet) {
                ACCESS.debug(line);
            } else {
                ACCESS.info(line);
            }
        }
    }
}
