package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The livestream through the HTTP API of a started server: scenes with their validation, assets in every
 * format with their limits, the preview (PNG and MJPEG) with a deleted asset and a new bid, actions, and —
 * with ffmpeg on the machine — an encode to HLS started and stopped by an admin.
 */
@WithPostgresAndRedis
@Timeout(120)
class StreamApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "owner@stream.test";
    private static final String PASSWORD = "owner password 1";
    /** A 24x16 lossless WebP (blue), made with ffmpeg's libwebp. */
    private static final byte[] WEBP =
            Base64.getDecoder().decode("UklGRh4AAABXRUJQVlA4TBEAAAAvF8ADAAfQss70v/+BiOh/AAA=");

    private final TestDatabase db;
    private final TestRedis redis;
    private final HttpClient client = HttpClient.newHttpClient();
    private GavelServer server;
    private String admin;

    StreamApiIT(TestDatabase db, TestRedis redis) {
        this.db = db;
        this.redis = redis;
    }

    @BeforeEach
    void start() throws Exception {
        var config = TestConfigs.config(
                db, redis.uri(), Map.of("GAVEL_OWNER_EMAIL", OWNER, "GAVEL_OWNER_PASSWORD", PASSWORD));
        server = GavelServer.start(config, Clock.systemUTC());
        admin = "Bearer "
                + json(send(
                                "POST",
                                "/api/auth/login",
                                "{\"email\":\"" + OWNER + "\",\"password\":\"" + PASSWORD + "\"}",
                                null))
                        .path("token")
                        .asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> send(String method, String path, String body, String auth) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> upload(byte[] file, String filename) throws Exception {
        String boundary = "----gavel" + System.nanoTime();
        var out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(server.url() + "/api/assets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", admin)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                .timeout(Duration.ofSeconds(30))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String text(HttpResponse<byte[]> r) {
        return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    private static byte[] png(int w, int h, Color color) throws IOException {
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static byte[] encoded(String format, Color color) throws IOException {
        var img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 20, 10);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    private BufferedImage frame() throws Exception {
        var r = send("GET", "/api/stream/frame.png", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/png");
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void a_scene_is_validated_stored_shown_and_its_problems_named_by_path() throws Exception {
        var broken = send("PUT", "/api/scenes/promo", "{\"name\": \"x\", \"items\": [", admin);
        assertThat(broken.statusCode()).as(text(broken)).isEqualTo(400);
        assertThat(json(broken).path("error").asText()).isEqualTo("invalid_scene");
        assertThat(json(broken)
                        .path("details")
                        .path("problems")
                        .get(0)
                        .path("path")
                        .asText())
                .isEqualTo("$");

        var wrong = send("PUT", "/api/scenes/promo", """
                {"name": "Promo", "sources": {"bg": {"type": "color", "color": "#223344"}},
                 "items": [{"source": "bg", "bounds": {"type": "fit", "w": 1, "h": 1}}, {"source": "nope", "bounds": {"type": "stretch", "w": 1, "h": 1}}]}""", admin);
        assertThat(wrong.statusCode()).isEqualTo(400);
        var paths = json(wrong).path("details").path("problems").findValuesAsText("path");
        assertThat(paths).contains("items[0].bounds.type", "items[1].source");
        assertThat(json(wrong).path("message").asText()).contains("items[0].bounds.type");

        assertThat(send("PUT", "/api/scenes/promo", "{}", null).statusCode())
                .as("an admin's")
                .isEqualTo(401);
        assertThat(send("PUT", "/api/scenes/Bad%20Id", "{}", admin).statusCode())
                .isEqualTo(400);

        String promo = """
                {"name": "Promo", "canvas": {"width": 1280, "height": 720, "background": "#000000"},
                 "sources": {"bg": {"type": "color", "color": "#ff0000"}},
                 "items": [{"source": "bg", "bounds": {"type": "stretch", "w": 1, "h": 1}}], "transition": {"type": "cut"}}""";
        var created = send("PUT", "/api/scenes/promo", promo, admin);
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        assertThat(send("PUT", "/api/scenes/promo", promo, admin).statusCode()).isEqualTo(200);
        assertThat(json(send("GET", "/api/scenes", null, admin)).path("items").findValuesAsText("id"))
                .contains("auction", "standby", "promo");
        assertThat(json(send("GET", "/api/scenes/promo", null, admin))
                        .path("name")
                        .asText())
                .isEqualTo("Promo");

        var onAir = send("POST", "/api/stream/actions", "{\"action\": \"scene\", \"scene\": \"promo\"}", admin);
        assertThat(onAir.statusCode()).as(text(onAir)).isEqualTo(200);
        assertThat(json(onAir).path("scene").asText()).isEqualTo("promo");
        await().atMost(Duration.ofSeconds(10)).until(() -> (frame().getRGB(640, 360) & 0xffffff) == 0xff0000);

        var standby = send("POST", "/api/stream/actions", "{\"action\": \"standby\"}", admin);
        assertThat(json(standby).path("standby").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> (frame().getRGB(640, 360) & 0xffffff) != 0xff0000);
        assertThat(json(send("POST", "/api/stream/actions", "{\"action\": \"live\"}", admin))
                        .path("standby")
                        .asBoolean())
                .isFalse();

        assertThat(send("POST", "/api/stream/actions", "{\"action\": \"scene\", \"scene\": \"nothing\"}", admin)
                        .statusCode())
                .isEqualTo(404);
        var unknown = send("POST", "/api/stream/actions", "{\"action\": \"explode\"}", admin);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("message").asText()).contains("start, stop, standby, live, scene");
        // a scene may not name an image that was never uploaded
        var missing = send("PUT", "/api/scenes/ghost", """
                {"name": "Ghost", "sources": {"img": {"type": "image", "asset": "%s"}},
                 "items": [{"source": "img"}]}""".formatted("ab".repeat(32)), admin);
        assertThat(missing.statusCode()).as(text(missing)).isEqualTo(400);
        assertThat(json(missing)
                        .path("details")
                        .path("problems")
                        .get(0)
                        .path("path")
                        .asText())
                .isEqualTo("sources.img.asset");
        assertThat(json(missing).path("message").asText()).contains("upload it first");
        // items are shown and hidden on the scene on screen, with their transitions
        var hide = send("POST", "/api/stream/actions", "{\"action\": \"hide\", \"item\": \"item0\"}", admin);
        assertThat(hide.statusCode()).as(text(hide)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> (frame().getRGB(640, 360) & 0xffffff) == 0x000000);
        assertThat(send("POST", "/api/stream/actions", "{\"action\": \"show\", \"item\": \"item0\"}", admin)
                        .statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> (frame().getRGB(640, 360) & 0xffffff) == 0xff0000);
        assertThat(send("POST", "/api/stream/actions", "{\"action\": \"hide\", \"item\": \"nope\"}", admin)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/scenes/promo", null, admin).statusCode())
                .isEqualTo(204);
        assertThat(json(send("GET", "/api/stream", null, null)).path("scene").asText())
                .as("a deleted scene on air gives way to the auction scene")
                .isEqualTo("auction");
    }

    @Test
    void assets_in_every_format_are_taken_and_bad_ones_refused_with_the_reason() throws Exception {
        byte[] png = png(32, 16, Color.GREEN);
        var stored = upload(png, "green.png");
        assertThat(stored.statusCode()).as(text(stored)).isEqualTo(201);
        var asset = json(stored);
        assertThat(asset.path("id").asText()).as("named by content").isEqualTo(sha256(png));
        assertThat(asset.path("width").asInt()).isEqualTo(32);
        assertThat(asset.path("contentType").asText()).isEqualTo("image/png");
        assertThat(upload(png, "again.png").statusCode())
                .as("the same bytes again")
                .isEqualTo(200);
        var served = send("GET", "/api/assets/" + asset.path("id").asText(), null, null);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.headers().firstValue("Content-Type")).contains("image/png");

        var jpeg = upload(encoded("jpeg", Color.RED), "red.jpg");
        assertThat(json(jpeg).path("contentType").asText()).as(text(jpeg)).isEqualTo("image/jpeg");
        var gif = upload(encoded("gif", Color.BLUE), "blue.gif");
        assertThat(json(gif).path("contentType").asText()).as(text(gif)).isEqualTo("image/gif");
        var webp = upload(WEBP, "blue.webp");
        assertThat(webp.statusCode()).as(text(webp)).isEqualTo(201);
        assertThat(json(webp).path("contentType").asText()).isEqualTo("image/webp");
        assertThat(json(webp).path("width").asInt()).isEqualTo(24);

        var textFile = upload("just some text".getBytes(StandardCharsets.UTF_8), "notes.txt");
        assertThat(textFile.statusCode()).isEqualTo(400);
        assertThat(json(textFile).path("error").asText()).isEqualTo("unsupported_format");
        assertThat(json(textFile).path("message").asText()).contains("not a PNG, JPEG, WebP or GIF");
        byte[] broken = png.clone();
        java.util.Arrays.fill(broken, 20, broken.length, (byte) 7);
        var unreadable = upload(broken, "broken.png");
        assertThat(unreadable.statusCode()).as(text(unreadable)).isEqualTo(400);
        assertThat(json(unreadable).path("error").asText()).isEqualTo("unreadable_image");
        var huge = upload(png(9000, 4, Color.WHITE), "wide.png");
        assertThat(huge.statusCode()).as(text(huge)).isEqualTo(400);
        assertThat(json(huge).path("message").asText()).contains("9000x4").contains("8192");
        byte[] big = new byte[11 * 1024 * 1024];
        new Random(7).nextBytes(big);
        System.arraycopy(png, 0, big, 0, 8);
        var tooBig = upload(big, "big.png");
        assertThat(tooBig.statusCode()).as(text(tooBig)).isEqualTo(413);

        var notMultipart = send("POST", "/api/assets", "{}", admin);
        assertThat(notMultipart.statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/assets/" + "0".repeat(64), null, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/assets/not-an-id", null, null).statusCode())
                .isEqualTo(400);
        assertThat(json(send("GET", "/api/assets", null, admin)).path("items")).hasSize(4);
    }

    @Test
    void a_scene_with_a_deleted_asset_draws_a_placeholder_and_a_new_bid_reaches_the_preview() throws Exception {
        String id = json(upload(png(64, 64, Color.MAGENTA), "m.png")).path("id").asText();
        var put = send("PUT", "/api/scenes/art", """
                {"name": "Art", "sources": {"img": {"type": "image", "asset": "%s"}, "panel": {"type": "auctionPanel"}},
                 "items": [{"source": "img", "bounds": {"type": "stretch", "w": 0.5, "h": 1}},
                           {"source": "panel", "pos": {"x": 0.5, "y": 0}, "bounds": {"type": "stretch", "w": 0.5, "h": 0.5}}]}""".formatted(id), admin);
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        send("POST", "/api/stream/actions", "{\"action\": \"scene\", \"scene\": \"art\"}", admin);
        await().atMost(Duration.ofSeconds(10)).until(() -> (frame().getRGB(100, 100) & 0xffffff) == 0xff00ff);

        assertThat(send("DELETE", "/api/assets/" + id, null, admin).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            int px = frame().getRGB(100, 100) & 0xffffff;
            return px == 0x555555 || px == 0x777777; // the placeholder's checkerboard
        });
        assertThat(send("GET", "/api/assets/" + id, null, null).statusCode()).isEqualTo(404);

        // a live auction and a bid on it: the panel shows it
        var now = Instant.now();
        var auction =
                json(send("POST", "/api/auctions", """
                {"name": "Stream test", "startsAt": "%s", "endsAt": "%s", "startingPrice": "1", "requireFunds": false,
                 "artwork": {"name": "Dawn"}}""".formatted(now.minusSeconds(5), now.plusSeconds(3600)), admin));
        String auctionId = auction.path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(send("GET", "/api/auctions/" + auctionId, null, null))
                .path("status")
                .asText()
                .equals("ACTIVE"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(send("GET", "/api/stream", null, null))
                                        .path("render")
                                        .path("frames")
                                        .asLong()
                                > 0
                        || frame() != null);
        var before = frame().getSubimage(660, 20, 600, 120);
        var bid = HttpRequest.newBuilder(URI.create(server.url() + "/api/auctions/" + auctionId + "/bids"))
                .header("Content-Type", "application/json")
                .header("Authorization", admin)
                .header("Idempotency-Key", "stream-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": \"7.5\"}"))
                .build();
        assertThat(client.send(bid, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> differs(before, frame().getSubimage(660, 20, 600, 120)));
    }

    private static boolean differs(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void the_mjpeg_preview_streams_frames_and_the_stream_says_why_it_is_off() throws Exception {
        var health = json(send("GET", "/api/stream", null, null));
        assertThat(health.path("state").asText()).isEqualTo("off");
        assertThat(health.path("reason").asText()).isNotBlank();
        assertThat(health.path("size").asText()).isEqualTo("1280x720");
        assertThat(send("GET", "/api/stream/preview.mjpeg?fps=99", null, null).statusCode())
                .isEqualTo(400);

        var request = HttpRequest.newBuilder(URI.create(server.url() + "/api/stream/preview.mjpeg?fps=5"))
                .GET()
                .build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("multipart/x-mixed-replace");
        try (InputStream in = response.body()) {
            for (int i = 0; i < 2; i++) {
                int length = -1;
                String line;
                while (!(line = readLine(in)).isEmpty()) {
                    if (line.startsWith("Content-Length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                assertThat(length).isPositive();
                var image = ImageIO.read(new ByteArrayInputStream(in.readNBytes(length)));
                assertThat(image.getWidth()).isEqualTo(1280);
                assertThat(image.getHeight()).isEqualTo(720);
                readLine(in); // the CRLF after the part
            }
        }
        var hls = send("GET", "/api/stream/hls/index.m3u8", null, null);
        assertThat(hls.statusCode()).isEqualTo(404);
        assertThat(new String(hls.body(), StandardCharsets.UTF_8)).contains("while the stream is encoding");
        assertThat(json(send("GET", "/health", null, null))
                        .path("components")
                        .path("stream")
                        .path("status")
                        .asText())
                .isEqualTo("UP");

        // the same health, pushed each second over a WebSocket
        var message = new java.util.concurrent.CompletableFuture<String>();
        var text = new StringBuilder();
        var ws = client.newWebSocketBuilder()
                .buildAsync(
                        URI.create(server.url().replace("http://", "ws://") + "/ws/stream"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(
                                    java.net.http.WebSocket socket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    message.complete(text.toString());
                                }
                                socket.request(1);
                                return null;
                            }
                        })
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        var pushed = JSON.readTree(message.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(pushed.path("state").asText()).isEqualTo("off");
        assertThat(pushed.path("render").has("frames")).isTrue();
        ws.abort();
    }

    private static String readLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Test
    void an_admin_starts_the_encode_to_hls_and_stops_it() throws Exception {
        var started = send("POST", "/api/stream/actions", "{\"action\": \"start\"}", admin);
        if (started.statusCode() == 409 && !"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.abort(
                    "no ffmpeg here: " + json(started).path("message").asText());
        }
        assertThat(started.statusCode()).as(text(started)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> json(send("GET", "/api/stream", null, null))
                .path("state")
                .asText()
                .equals("live"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        send("GET", "/api/stream/hls/index.m3u8", null, null).statusCode() == 200);
        var playlist =
                new String(send("GET", "/api/stream/hls/index.m3u8", null, null).body(), StandardCharsets.UTF_8);
        assertThat(playlist).contains("#EXTM3U").contains(".ts");
        String segment =
                playlist.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        var ts = send("GET", "/api/stream/hls/" + segment, null, null);
        assertThat(ts.statusCode()).as(segment).isEqualTo(200);
        assertThat(ts.headers().firstValue("Content-Type")).contains("video/mp2t");
        assertThat(ts.body().length).isGreaterThan(1000);
        assertThat(send("GET", "/api/stream/hls/..%2Fsecret.key", null, null).statusCode())
                .isEqualTo(404);
        var health = json(send("GET", "/api/stream", null, null));
        assertThat(health.path("encoder").path("fps").asDouble()).isGreaterThan(0);
        assertThat(health.path("encoder").path("bitrateKbps").asDouble())
                .as("the bitrate of a finished segment, against 4500k video + 128k audio")
                .isBetween(4628 * 0.5, 4628 * 1.5);
        assertThat(health.path("outputs").get(0).path("output").asText()).isEqualTo("hls");
        var metrics = new String(send("GET", "/metrics", null, null).body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("gavel_stream_live").contains("gavel_stream_frames_rendered");

        var stopped = send("POST", "/api/stream/actions", "{\"action\": \"stop\"}", admin);
        assertThat(json(stopped).path("state").asText()).isEqualTo("off");
        assertThat(json(stopped).path("reason").asText()).contains("stopped by an admin");
        assertThat(send("GET", "/api/stream/hls/index.m3u8", null, null).statusCode())
                .as("no stale playlist once stopped")
                .isEqualTo(404);
    }
}
