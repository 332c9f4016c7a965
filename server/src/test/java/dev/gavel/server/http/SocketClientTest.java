package dev.gavel.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link SocketClient}: back-pressure without buffering without end. */
class SocketClientTest {
    private static final int MAX_IN_FLIGHT = 256;

    /** A client socket whose writes complete only when the test says so. */
    static class FakeSocket implements SocketClient.Sender {
        final List<Runnable> pending = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        Integer closedWith;

        @Override
        public void send(String text, Runnable written, Consumer<Throwable> failed) {
            sent.add(text);
            pending.add(written);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        void drain() {
            pending.forEach(Runnable::run);
            pending.clear();
        }
    }

    @Test
    void a_client_that_keeps_up_gets_every_message() {
        var socket = new FakeSocket();
        var client = new SocketClient(socket, MAX_IN_FLIGHT);
        for (int i = 0; i < 10 * MAX_IN_FLIGHT; i++) {
            assertThat(client.offer("m" + i)).isTrue();
            socket.drain();
        }
        assertThat(socket.sent).hasSize(10 * MAX_IN_FLIGHT);
        assertThat(socket.closedWith).isNull();
    }

    @Test
    void a_client_that_falls_behind_is_dropped_instead_of_buffered() {
        var socket = new FakeSocket();
        var client = new SocketClient(socket, MAX_IN_FLIGHT);
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            assertThat(client.offer("m" + i)).isTrue();
        }

        assertThat(client.offer("one too many")).isFalse();

        assertThat(client.isClosed()).isTrue();
        assertThat(socket.closedWith).isEqualTo(1008);
        assertThat(socket.sent).hasSize(MAX_IN_FLIGHT);
        assertThat(client.offer("after")).isFalse();
    }

    @Test
    void a_failed_send_drops_the_client() {
        var client = new SocketClient(
                new SocketClient.Sender() {
                    @Override
                    public void send(String text, Runnable written, Consumer<Throwable> failed) {
                        failed.accept(new java.io.IOException("broken pipe"));
                    }

                    @Override
                    public void close(int code, String reason) {}
                },
                MAX_IN_FLIGHT);
        client.offer("x");
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void a_write_refused_outright_drops_the_client() {
        var socket = new FakeSocket() {
            @Override
            public void send(String text, Runnable written, Consumer<Throwable> failed) {
                throw new IllegalStateException("session closing");
            }
        };
        var client = new SocketClient(socket, 1);

        assertThat(client.offer("x")).isFalse();

        assertThat(client.isClosed()).isTrue();
        assertThat(socket.closedWith).isEqualTo(1008);
    }

    @Test
    void a_client_is_closed_once_with_the_first_reason() {
        var socket = new FakeSocket();
        var client = new SocketClient(socket, 4);

        client.drop(1008, "the login token has expired");
        client.drop(1011, "later");

        assertThat(socket.closedWith).isEqualTo(1008);
        assertThat(client.offer("after")).isFalse();
    }
}
