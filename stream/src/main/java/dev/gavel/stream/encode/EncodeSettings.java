package dev.gavel.stream.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * The encode of STREAM.md: H.264 (libx264, {@code preset}, zerolatency, High, yuv420p) at a constant
 * {@code videoKbps} (filler keeps it constant on a still scene, as ingests expect), a keyframe every {@code
 * keyframeSeconds}, AAC-LC {@code audioKbps} at 48 kHz stereo.
 */
public record EncodeSettings(
        int width, int height, int fps, int videoKbps, int audioKbps, int keyframeSeconds, String preset) {

    public EncodeSettings {
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps must be 1 to 60");
        }
        if (videoKbps < 100 || videoKbps > 12_000) {
            throw new IllegalArgumentException("video bitrate must be 100 to 12000 kbps (X takes at most 12 Mbps)");
        }
        if (audioKbps < 32 || audioKbps > 320) {
            throw new IllegalArgumentException("audio bitrate must be 32 to 320 kbps");
        }
    }

    /** 1280x720 at 30 fps, 4500 kbps video, 128 kbps audio, keyframes every 2 s, veryfast. */
    public static EncodeSettings hd720() {
        return new EncodeSettings(1280, 720, 30, 4500, 128, 2, "veryfast");
    }

    /** 1920x1080 at 30 fps, 6000 kbps. */
    public static EncodeSettings hd1080() {
        return new EncodeSettings(1920, 1080, 30, 6000, 128, 2, "veryfast");
    }

    /** The video and audio encoder arguments. */
    List<String> codecArgs() {
        int gop = fps * keyframeSeconds;
        var a = new ArrayList<String>();
        a.addAll(List.of("-c:v", "libx264", "-preset", preset, "-tune", "zerolatency", "-profile:v", "high"));
        a.addAll(List.of("-pix_fmt", "yuv420p", "-r", Integer.toString(fps)));
        a.addAll(List.of("-b:v", videoKbps + "k", "-maxrate", videoKbps + "k", "-bufsize", videoKbps + "k"));
        a.addAll(List.of("-x264-params", "nal-hrd=cbr:force-cfr=1"));
        a.addAll(List.of("-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0"));
        a.addAll(List.of("-c:a", "aac", "-b:a", audioKbps + "k", "-ar", "48000", "-ac", "2"));
        return a;
    }
}
