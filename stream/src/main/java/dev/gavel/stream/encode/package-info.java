/**
 * Encoding and outputs: finding ffmpeg, the encoder child process (raw {@code bgr24} frames on stdin, the
 * audio bed on a named pipe, H.264 + AAC out to HLS, recordings and a loopback MPEG-TS), one restartable
 * pusher process per RTMP(S) ingest, and the health read from ffmpeg's progress.
 */
package dev.gavel.stream.encode;
