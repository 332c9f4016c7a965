package dev.gavel.sim.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for X API v2 speaking the shapes of SOURCES.md: recent search (hashtag terms and
 * {@code is:reply}), mentions, users, and posting; newest first, {@code since_id}, {@code next_token} paging,
 * {@code x-rate-limit-*} headers with a 450-per-15-minutes read window, and faults on demand (429s, 5xx,
 * latency). Ids are snowflakes of the simulator's clock. Thread-safe.
 */
public final class XSimulator implements AutoCloseable {
    private static final long EPOCH = 1_288_834_974_657L;
    private static final int READ_LIMIT = 450;

    /** A post as the simulator stores it. */
    public record Post(
            String id,
            String authorId,
            String text,
            Instant createdAt,
            Optional<String> inReplyTo,
            String conversationId,
            Optional<String> editOf) {}

    /** An account. */
    public record User(String id, String username, Instant createdAt) {}

    private final HttpServer server;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Post> posts = new ArrayList<>();
    /** Each simulator numbers its accounts from a base of its own, as X's ids do not repeat across runs. */
    private final long userIdBase =
            1_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000L) * 1_000L;

    private final Map<String, Post> byId = new java.util.HashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inject429 = new AtomicInteger();
    private final AtomicInteger inject5xx = new AtomicInteger();
    private final Map<String, int[]> readBudget = new LinkedHashMap<>();
    private volatile Instant windowReset;
    private volatile Duration latency = Duration.ZERO;
    private volatile Instant injectedReset = Instant.EPOCH;
    private volatile int postLimit = 300;
    private int postsLeft = -1;
    private Instant postWindowReset = Instant.EPOCH;
    private final String hostId;

    private XSimulator(HttpServer server, Clock clock, String hostUsername) {
        this.server = server;
        this.clock = clock;
        this.windowReset = clock.instant().plus(Duration.ofMinutes(15));
        this.hostId =
                user(hostUsername, clock.instant().minus(Duration.ofDays(900))).id();
    }

    /** Starts on {@code port} (0: any free port) with a host account named {@code hostUsername}. */
    public static XSimulator start(int port, Clock clock, String hostUsername) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        var sim = new XSimulator(server, clock, hostUsername);
        server.createContext("/", sim::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return sim;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String hostId() {
        return hostId;
    }

    /** Creates an account whose age is what {@code createdAt} says. */
    public synchronized User user(String username, Instant createdAt) {
        var user = new User(Long.toString(userIdBase + users.size()), username, createdAt);
        users.put(user.id(), user);
        return user;
    }

    /** Someone posts; {@code inReplyTo} makes it a reply. Returns the new post. */
    public synchronized Post post(String authorId, String text, Optional<String> inReplyTo) {
        return post(authorId, text, inReplyTo, clock.instant());
    }

    /** As {@link #post(String, String, Optional)}, made at {@code createdAt} (a late or early post). */
    public synchronized Post post(String authorId, String text, Optional<String> inReplyTo, Instant createdAt) {
        String id = Long.toString(((createdAt.toEpochMilli() - EPOCH) << 22) | (sequence.incrementAndGet() & 0x3FFFFF));
        String conversation =
                inReplyTo.flatMap(this::find).map(Post::conversationId).orElse(id);
        var post = new Post(id, authorId, text, createdAt, inReplyTo, conversation, Optional.empty());
        posts.add(post);
        byId.put(id, post);
        return post;
    }

    /** The author edits a post (X allows it for 30 minutes): a new id whose edit history starts at the first. */
    public synchronized Post edit(String postId, String newText) {
        var original = find(postId).orElseThrow(() -> new IllegalArgumentException("no post " + postId));
        String first = original.editOf().orElse(original.id());
        String id = Long.toString(
                ((clock.instant().toEpochMilli() - EPOCH) << 22) | (sequence.incrementAndGet() & 0x3FFFFF));
        var edited = new Post(
                id,
                original.authorId(),
                newText,
                clock.instant(),
                original.inReplyTo(),
                original.conversationId(),
                Optional.of(first));
        posts.add(edited);
        byId.put(id, edited);
        return edited;
    }

    /** Everything the host account posted, oldest first. */
    public synchronized List<Post> hostPosts() {
        return posts.stream().filter(p -> p.authorId().equals(hostId)).toList();
    }

    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    public synchronized Optional<Post> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The account with {@code id}. */
    public synchronized Optional<User> account(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** At most {@code perWindow} posts by the host per 15 minutes, as X's posting limit (default 300). */
    public void postLimit(int perWindow) {
        postLimit = perWindow;
    }

    /** The next {@code count} reads answer 429 until the window resets {@code resetIn} from now. */
    public void inject429(int count, Duration resetIn) {
        injectedReset = clock.instant().plus(resetIn);
        inject429.set(count);
    }

    /** The next {@code count} calls answer 503. */
    public void inject5xx(int count) {
        inject5xx.set(count);
    }

    public void latency(Duration d) {
        latency = d;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis());
            }
            if (exchange.getRequestMethod().equals("GET")
                    && exchange.getRequestURI().getPath().equals("/timeline")) {
                timeline(exchange);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 8) {
                send(exchange, 401, Map.of(), problem("Unauthorized", "Unauthorized", 401));
                return;
            }
            if (inject5xx.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, 503, Map.of(), problem("Service Unavailable", "Service Unavailable", 503));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            if (exchange.getRequestMethod().equals("POST") && path.equals("/2/tweets")) {
                createPost(exchange);
            } else if (exchange.getRequestMethod().equals("GET") && path.equals("/2/tweets/search/recent")) {
                read(exchange, "search", q, matching(q.getOrDefault("query", "")));
            } else if (exchange.getRequestMethod().equals("GET") && path.matches("/2/users/\\d+/mentions")) {
                String userId = path.split("/")[3];
                read(
                        exchange,
                        "mentions",
                        q,
                        p -> !p.authorId().equals(userId)
                                && p.inReplyTo()
                                        .flatMap(this::find)
                                        .map(Post::authorId)
                                        .map(userId::equals)
                                        .orElse(false));
            } else {
                send(
                        exchange,
                        404,
                        Map.of(),
                        problem("Not Found Error", "no such endpoint in the simulator: " + path, 404));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createPost(HttpExchange exchange) throws IOException {
        var headers = new LinkedHashMap<String, String>();
        synchronized (this) {
            Instant now = clock.instant();
            if (postsLeft < 0 || !now.isBefore(postWindowReset)) {
                postWindowReset = now.plus(Duration.ofMinutes(15));
                postsLeft = postLimit;
            }
            headers.put("x-rate-limit-limit", Integer.toString(postLimit));
            headers.put("x-rate-limit-reset", Long.toString(postWindowReset.getEpochSecond()));
            if (postsLeft <= 0) {
                headers.put("x-rate-limit-remaining", "0");
                send(exchange, 429, headers, problem("Too Many Requests", "Too Many Requests", 429));
                return;
            }
            postsLeft--;
            headers.put("x-rate-limit-remaining", Integer.toString(postsLeft));
        }
        JsonNode body = json.readTree(exchange.getRequestBody());
        String text = body.path("text").asText("");
        if (text.isEmpty() || text.length() > 280) {
            send(exchange, 400, Map.of(), problem("Invalid Request", "text must be 1 to 280 characters", 400));
            return;
        }
        var replyTo = Optional.ofNullable(
                body.path("reply").path("in_reply_to_tweet_id").asText(null));
        if (replyTo.isPresent() && find(replyTo.get()).isEmpty()) {
            send(
                    exchange,
                    400,
                    Map.of(),
                    problem("Invalid Request", "in_reply_to_tweet_id " + replyTo.get() + " does not exist", 400));
            return;
        }
        var post = post(hostId, text, replyTo);
        var answer = json.createObjectNode();
        answer.putObject("data").put("id", post.id()).put("text", post.text());
        send(exchange, 201, headers, answer.toString());
    }

    private synchronized void read(
            HttpExchange exchange, String endpoint, Map<String, String> q, java.util.function.Predicate<Post> filter)
            throws IOException {
        Instant now = clock.instant();
        if (!now.isBefore(windowReset)) {
            windowReset = now.plus(Duration.ofMinutes(15));
            readBudget.clear();
        }
        var budget = readBudget.computeIfAbsent(endpoint, k -> new int[] {READ_LIMIT});
        var headers = new LinkedHashMap<String, String>();
        headers.put("x-rate-limit-limit", Integer.toString(READ_LIMIT));
        headers.put("x-rate-limit-reset", Long.toString(windowReset.getEpochSecond()));
        if (inject429.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // an injected burst: its own short window, announced as such
            Instant reset = injectedReset.isAfter(now) ? injectedReset : now.plusSeconds(1);
            headers.put("x-rate-limit-reset", Long.toString(reset.getEpochSecond()));
            headers.put("x-rate-limit-remaining", "0");
            send(exchange, 429, headers, problem("Too Many Requests", "Too Many Requests", 429));
            return;
        }
        if (budget[0] <= 0) {
            headers.put("x-rate-limit-remaining", "0");
            send(exchange, 429, headers, problem("Too Many Requests", "Too Many Requests", 429));
            return;
        }
        budget[0]--;
        headers.put("x-rate-limit-remaining", Integer.toString(budget[0]));
        long sinceId = Long.parseLong(q.getOrDefault("since_id", "0"));
        int max = Math.max(10, Math.min(100, Integer.parseInt(q.getOrDefault("max_results", "10"))));
        int offset = Integer.parseInt(q.getOrDefault(endpoint.equals("search") ? "next_token" : "pagination_token", "0")
                .replaceAll("\\D", "0"));
        var matching = posts.stream()
                .filter(p -> Long.parseLong(p.id()) > sinceId)
                .filter(filter)
                .sorted((a, b) -> Long.compare(Long.parseLong(b.id()), Long.parseLong(a.id())))
                .toList();
        var pageItems = matching.subList(Math.min(offset, matching.size()), Math.min(offset + max, matching.size()));
        var root = json.createObjectNode();
        var meta = json.createObjectNode();
        if (!pageItems.isEmpty()) {
            ArrayNode data = root.putArray("data");
            ArrayNode includes = root.putObject("includes").putArray("users");
            var seenUsers = new java.util.HashSet<String>();
            for (Post p : pageItems) {
                ObjectNode t = data.addObject()
                        .put("id", p.id())
                        .put("text", p.text())
                        .put("created_at", p.createdAt().toString())
                        .put("author_id", p.authorId())
                        .put("conversation_id", p.conversationId());
                var history = t.putArray("edit_history_tweet_ids");
                p.editOf().ifPresent(history::add);
                history.add(p.id());
                p.inReplyTo().ifPresent(r -> t.putArray("referenced_tweets")
                        .addObject()
                        .put("type", "replied_to")
                        .put("id", r));
                var u = users.get(p.authorId());
                if (u != null && seenUsers.add(u.id())) {
                    includes.addObject()
                            .put("id", u.id())
                            .put("username", u.username())
                            .put("created_at", u.createdAt().toString())
                            .put("verified", false);
                }
            }
            meta.put("newest_id", pageItems.get(0).id())
                    .put("oldest_id", pageItems.get(pageItems.size() - 1).id());
        }
        meta.put("result_count", pageItems.size());
        if (offset + max < matching.size()) {
            meta.put("next_token", Integer.toString(offset + max));
        }
        root.set("meta", meta);
        send(exchange, 200, headers, root.toString());
    }

    /**
     * The query language the simulator knows: hashtags and words must appear (any case), {@code is:reply},
     * {@code from:<id or username>}, {@code in_reply_to_tweet_id:<id>}, {@code conversation_id:<id>}.
     */
    private java.util.function.Predicate<Post> matching(String query) {
        var terms = List.of(query.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        return p -> {
            String text = p.text().toLowerCase(Locale.ROOT);
            for (String term : terms) {
                if (term.isEmpty() || term.equals("or")) {
                    continue;
                }
                if (term.equals("is:reply")) {
                    if (p.inReplyTo().isEmpty()) {
                        return false;
                    }
                } else if (term.startsWith("from:")) {
                    String who = term.substring(5);
                    var author = users.get(p.authorId());
                    if (!p.authorId().equals(who)
                            && (author == null
                                    || !author.username()
                                            .toLowerCase(Locale.ROOT)
                                            .equals(who))) {
                        return false;
                    }
                } else if (term.startsWith("in_reply_to_tweet_id:")) {
                    if (!p.inReplyTo().map(term.substring(21)::equals).orElse(false)) {
                        return false;
                    }
                } else if (term.startsWith("conversation_id:")) {
                    if (!p.conversationId().equals(term.substring(16))) {
                        return false;
                    }
                } else if (term.startsWith("-is:")) {
                    continue;
                } else if (!text.contains(term)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** A page for people: the newest posts, who wrote them and what they answer; refreshes itself. */
    private void timeline(HttpExchange exchange) throws IOException {
        var html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
                <title>X simulator timeline</title><style>body{font:14px system-ui,sans-serif;max-width:760px;margin:2em auto}
                .post{border-bottom:1px solid #ddd;padding:.5em 0}.who{font-weight:600}.re{color:#666;font-size:12px}</style></head>
                <body><h1>X simulator: timeline</h1>
                """);
        List<Post> newest;
        synchronized (this) {
            newest = new ArrayList<>(posts.subList(Math.max(0, posts.size() - 200), posts.size()));
        }
        java.util.Collections.reverse(newest);
        for (Post p : newest) {
            String who;
            String replyTo;
            synchronized (this) {
                who = Optional.ofNullable(users.get(p.authorId()))
                        .map(User::username)
                        .orElse(p.authorId());
                replyTo = p.inReplyTo()
                        .map(byId::get)
                        .map(r -> Optional.ofNullable(users.get(r.authorId()))
                                .map(User::username)
                                .orElse(r.authorId()))
                        .orElse(null);
            }
            html.append("<div class=\"post\"><span class=\"who\">@")
                    .append(escape(who))
                    .append("</span> ")
                    .append(replyTo == null ? "" : "<span class=\"re\">replying to @" + escape(replyTo) + "</span>")
                    .append("<div>")
                    .append(escape(p.text()))
                    .append("</div></div>");
        }
        html.append("</body></html>");
        byte[] bytes = html.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private String problem(String title, String detail, int status) {
        return json.createObjectNode()
                .put("title", title)
                .put("detail", detail)
                .put("type", "about:blank")
                .put("status", status)
                .toString();
    }

    private static Map<String, String> query(String raw) {
        var map = new LinkedHashMap<String, String>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
