package dev.gavel.stream.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputTest {
    @Test
    void outputs_are_read_from_their_comma_separated_list() {
        assertThat(Output.parse("hls, rtmps://ingest.example:443/x/secret-key ,file:/tmp/rec.mkv"))
                .containsExactly(
                        new Output.Hls(),
                        new Output.Rtmp(java.net.URI.create("rtmps://ingest.example:443/x/secret-key")),
                        new Output.File(Path.of("/tmp/rec.mkv")));
        assertThat(new Output.File(Path.of("/tmp/rec.mkv")).muxer()).isEqualTo("matroska");
        assertThat(new Output.File(Path.of("/tmp/rec.ts")).muxer()).isEqualTo("mpegts");
        assertThat(new Output.File(Path.of("/tmp/rec.mp4")).muxer()).startsWith("mp4:movflags=frag_keyframe");
    }

    @Test
    void an_ingest_is_shown_without_its_stream_key() {
        var rtmp = new Output.Rtmp(java.net.URI.create("rtmps://va.pscp.tv:443/x/abcd1234secret"));
        assertThat(rtmp.safe()).isEqualTo("rtmps://va.pscp.tv:443/x/…").doesNotContain("secret");
        assertThat(new Output.Rtmp(java.net.URI.create("rtmp://user:pw@host/app/key123")).safe())
                .isEqualTo("rtmp://host/app/…");
        // what ffmpeg prints about an output carries its URL: masked before it is kept or logged
        assertThat(Output.mask("[flv @ 0x55] Error opening output rtmps://va.pscp.tv:443/x/abcd1234secret: I/O error"))
                .isEqualTo("[flv @ 0x55] Error opening output rtmps://va.pscp.tv:443/x/…: I/O error");
        assertThat(Output.mask("rtmp://127.0.0.1:1935/live/k: Connection refused; rtmp://h/a/b/key2 'rtmp://h/x/y'"))
                .isEqualTo("rtmp://127.0.0.1:1935/live/…: Connection refused; rtmp://h/a/b/… 'rtmp://h/x/…'");
    }

    @Test
    void a_wrong_output_says_what_is_expected_without_echoing_a_key() {
        assertThatThrownBy(() -> Output.parse("srt://host/x"))
                .hasMessageContaining("use rtmp://…, rtmps://…, file:<path> or hls");
        assertThatThrownBy(() -> Output.parse("rtmp://host"))
                .hasMessageContaining("needs a host and an application path");
        assertThatThrownBy(() -> Output.parse("file:")).hasMessageContaining("needs a path");
    }

    @Test
    void progress_reports_are_read_from_ffmpegs_key_value_lines() {
        var parser = new Progress.Parser();
        for (String line : new String[] {
            "frame=300",
            "fps=30.01",
            "bitrate=4512.3kbits/s",
            "total_size=N/A",
            "out_time_us=10000000",
            "dup_frames=1",
            "drop_frames=0",
            "speed=1.01x"
        }) {
            assertThat(parser.line(line)).isEmpty();
        }
        var p = parser.line("progress=continue").orElseThrow();
        assertThat(p.frame()).isEqualTo(300);
        assertThat(p.fps()).isEqualTo(30.01);
        assertThat(p.bitrateKbps()).contains(4512.3);
        assertThat(p.totalBytes()).isZero();
        assertThat(p.dupFrames()).isEqualTo(1);
        assertThat(p.speed()).contains(1.01);
        assertThat(p.ended()).isFalse();
        assertThat(parser.line("bitrate=N/A")).isEmpty();
        var end = parser.line("progress=end").orElseThrow();
        assertThat(end.bitrateKbps()).isEqualTo(Optional.empty());
        assertThat(end.ended()).isTrue();
    }

    @Test
    void a_missing_or_broken_ffmpeg_is_reported_with_the_reason() {
        assertThat(Ffmpeg.find(Optional.of(Path.of("/nonexistent/ffmpeg"))))
                .isInstanceOfSatisfying(
                        Ffmpeg.Found.Missing.class, m -> assertThat(m.reason()).contains("not an executable"));
        assertThat(Ffmpeg.find(Optional.of(Path.of("/bin/true"))))
                .isInstanceOfSatisfying(
                        Ffmpeg.Found.Missing.class, m -> assertThat(m.reason()).contains("libx264"));
    }
}
