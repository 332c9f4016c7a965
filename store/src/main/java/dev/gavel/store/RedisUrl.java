package dev.gavel.store;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Redis location as Gavel accepts it: {@code redis://} or {@code rediss://} (standalone),
 * {@code redis-sentinel://} (Sentinel, Lettuce's form), and {@code redis-cluster://} or
 * {@code rediss-cluster://host:port,host:port} (Cluster: the seed nodes).
 */
public record RedisUrl(Kind kind, List<RedisURI> nodes) {

    public enum Kind {
        STANDALONE,
        SENTINEL,
        CLUSTER
    }

    /** Parses {@code text}; empty with no reason is never returned: a bad URL gives a reason. */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.bad("a Redis URL is empty");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("redis-cluster://") || lower.startsWith("rediss-cluster://")) {
                boolean tls = lower.startsWith("rediss-");
                String rest = text.substring(text.indexOf("://") + 3);
                String auth = "";
                int at = rest.lastIndexOf('@');
                if (at >= 0) {
                    auth = rest.substring(0, at + 1);
                    rest = rest.substring(at + 1);
                }
                var nodes = new ArrayList<RedisURI>();
                for (String hostPort : rest.split(",")) {
                    if (hostPort.isBlank()) {
                        return Parsed.bad("a cluster node in " + redact(text) + " is empty");
                    }
                    nodes.add(RedisURI.create((tls ? "rediss://" : "redis://") + auth + hostPort.strip()));
                }
                return Parsed.ok(new RedisUrl(Kind.CLUSTER, List.copyOf(nodes)));
            }
            if (lower.startsWith("redis-sentinel://") || lower.startsWith("rediss-sentinel://")) {
                return Parsed.ok(new RedisUrl(Kind.SENTINEL, List.of(RedisURI.create(text))));
            }
            if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
                return Parsed.ok(new RedisUrl(Kind.STANDALONE, List.of(RedisURI.create(text))));
            }
        } catch (IllegalArgumentException e) {
            return Parsed.bad(redact(text) + " is not a valid Redis URL: " + e.getMessage());
        }
        return Parsed.bad(redact(text)
                + " has an unknown scheme; use redis://, rediss://, redis-sentinel:// or redis-cluster://");
    }

    /** The URL with any password replaced, for messages and logs. */
    public static String redact(String text) {
        return text.replaceAll("(://[^:@/]*:)[^@/]*@", "$1******@");
    }

    /** The outcome of parsing: a URL, or the reason there is none. */
    public record Parsed(Optional<RedisUrl> url, String problem) {
        static Parsed ok(RedisUrl url) {
            return new Parsed(Optional.of(url), "");
        }

        static Parsed bad(String problem) {
            return new Parsed(Optional.empty(), problem);
        }
    }
}
