package dev.gavel.stream.encode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What ffmpeg's {@code -progress} reports once a period: {@code key=value} lines ending with {@code progress=}.
 * Fields it leaves out or writes as {@code N/A} are empty.
 */
public record Progress(
        long frame,
        double fps,
        Optional<Double> bitrateKbps,
        long totalBytes,
        long outTimeMicros,
        long dupFrames,
        long dropFrames,
        Optional<Double> speed,
        boolean ended) {

    /** Collects lines into reports. Not thread-safe (one reader thread). */
    public static final class Parser {
        private final Map<String, String> fields = new HashMap<>();

        /** Feeds one line; a report when the line closes one. */
        public Optional<Progress> line(String line) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!key.equals("progress")) {
                fields.put(key, value);
                return Optional.empty();
            }
            var p = new Progress(
                    whole("frame"),
                    decimal("fps").orElse(0.0),
                    decimal("bitrate", "kbits/s"),
                    whole("total_size"),
                    whole("out_time_us"),
                    whole("dup_frames"),
                    whole("drop_frames"),
                    decimal("speed", "x"),
                    value.equals("end"));
            fields.clear();
            return Optional.of(p);
        }

        private long whole(String key) {
            try {
                return Long.parseLong(fields.getOrDefault(key, "0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private Optional<Double> decimal(String key) {
            return decimal(key, "");
        }

        private Optional<Double> decimal(String key, String suffix) {
            String v = fields.get(key);
            if (v == null) {
                return Optional.empty();
            }
            if (!suffix.isEmpty() && v.endsWith(suffix)) {
                v = v.substring(0, v.length() - suffix.length());
            }
            try {
                double d = Double.parseDouble(v.strip());
                return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
