package dev.gavel.stream.encode;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where the stream goes, as {@code GAVEL_STREAM_OUTPUTS} lists them. */
public sealed interface Output {
    /** An RTMP or RTMPS ingest (X Media Studio, YouTube, Twitch), pushed by a restartable process. */
    record Rtmp(URI url) implements Output {
        /** The URL without its stream key (the last path segment) or credentials, for logs and the API. */
        public String safe() {
            return mask(url.toString());
        }
    }

    /** Any RTMP(S) URL in {@code text} with its credentials and its last path segment (the key) hidden. */
    static String mask(String text) {
        return RTMP_URL.matcher(text)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                        m.group(1) + m.group(3) + (m.group(4).isEmpty() ? "" : "…")));
    }

    /** scheme://, optional user:pass@, host and path up to the last slash, then the key. */
    java.util.regex.Pattern RTMP_URL =
            java.util.regex.Pattern.compile("(rtmps?://)([^/@\\s'\"]*@)?([^\\s'\"]*/)([^/\\s'\":;,]*)");

    /** A recording: {@code .ts} (default), {@code .mkv}, {@code .flv} or {@code .mp4} (fragmented). */
    record File(Path path) implements Output {
        public String muxer() {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".mkv")) {
                return "matroska";
            }
            if (name.endsWith(".flv")) {
                return "flv";
            }
            if (name.endsWith(".mp4")) {
                return "mp4:movflags=frag_keyframe+empty_moov+default_base_moof";
            }
            return "mpegts";
        }
    }

    /** HLS for the console's player (segments under Gavel's data folder). */
    record Hls() implements Output {}

    /** A list read from its comma-separated text; an entry that is not an output throws with the reason. */
    static List<Output> parse(String text) {
        var out = new ArrayList<Output>();
        for (String raw : text.split(",")) {
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            out.add(parseOne(s));
        }
        return out;
    }

    static Output parseOne(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("hls")) {
            return new Hls();
        }
        if (lower.startsWith("rtmp://") || lower.startsWith("rtmps://")) {
            URI u;
            try {
                u = URI.create(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "an RTMP output is not a valid URL (it is not shown: it holds a key)");
            }
            if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
                throw new IllegalArgumentException(
                        "an RTMP output needs a host and an application path, such as rtmp://host/live/<key>");
            }
            return new Rtmp(u);
        }
        if (lower.startsWith("file:")) {
            String path = s.substring(5);
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isBlank()) {
                throw new IllegalArgumentException("file: needs a path, such as file:/var/lib/gavel/rec.ts");
            }
            return new File(Path.of(path));
        }
        // the entry is not echoed: a mistyped ingest URL still holds its stream key
        String scheme = s.contains("://")
                ? s.substring(0, s.indexOf("://") + 3)
                : s.contains(":") ? s.substring(0, s.indexOf(':') + 1) : "";
        throw new IllegalArgumentException(
                (scheme.isEmpty() || scheme.length() > 12 ? "an entry" : "an entry starting " + scheme)
                        + " is not an output: use rtmp://…, rtmps://…, file:<path> or hls");
    }
}
