package dev.gavel.server.market.alerts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a webhook may point: a host that resolves, and — unless private targets are allowed (the demo, tests) — to
 * public addresses only, so an alert cannot be aimed at Gavel's own network (loopback, private, link-local and
 * unique-local ranges, carrier-grade NAT, multicast). Checked when an alert is made and again before each
 * delivery, since a name may resolve elsewhere later. Thread-safe.
 */
public final class WebhookTargets {
    /** Name lookups block; each runs on a virtual thread of its own, so a slow resolver holds nobody else up. */
    private static final Executor VIRTUAL =
            command -> Thread.ofVirtual().name("gavel-webhook-resolve").start(command);

    private final boolean allowPrivate;
    private final Duration resolveTimeout;

    public WebhookTargets(boolean allowPrivate, Duration resolveTimeout) {
        this.allowPrivate = allowPrivate;
        this.resolveTimeout = resolveTimeout;
    }

    /**
     * Why a webhook may not receive alerts: {@code lasting} when trying later will not help (the host resolves to a
     * private address), not when the host did not resolve (it may come back).
     */
    public record Refusal(String reason, boolean lasting) {}

    /** Why {@code url} may not receive alerts, or empty when it may. */
    public Optional<Refusal> refusal(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of(new Refusal("the webhook URL names no host", true));
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = CompletableFuture.supplyAsync(() -> resolve(bare), VIRTUAL)
                    .get(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of(new Refusal(
                    "webhook host " + host + " did not resolve within " + resolveTimeout.toMillis() + " ms", false));
        } catch (ExecutionException e) {
            return Optional.of(new Refusal("webhook host does not resolve: " + host, false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal("interrupted while resolving " + host, false));
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    return Optional.of(new Refusal(
                            "webhook host " + host + " resolves to a private or local address ("
                                    + address.getHostAddress() + "); alerts go to public hosts only",
                            true));
                }
            }
        }
        return Optional.empty();
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second <= 127); // 0/8, 100.64/10
    }
}
