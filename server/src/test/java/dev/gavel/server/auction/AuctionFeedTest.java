package dev.gavel.server.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AuctionFeedTest {

    /** A client socket whose writes complete only when the test says so. */
    static final class FakeSocket implements AuctionFeed.Sender {
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
        var client = new AuctionFeed.Client(socket);
        for (int i = 0; i < 10 * AuctionFeed.MAX_IN_FLIGHT; i++) {
            assertThat(client.offer("m" + i)).isTrue();
            socket.drain();
        }
        assertThat(socket.sent).hasSize(10 * AuctionFeed.MAX_IN_FLIGHT);
        assertThat(socket.closedWith).isNull();
    }

    @Test
    void a_client_that_falls_behind_is_dropped_instead_of_buffered() {
        var socket = new FakeSocket();
        var client = new AuctionFeed.Client(socket);
        for (int i = 0; i < AuctionFeed.MAX_IN_FLIGHT; i++) {
            assertThat(client.offer("m" + i)).isTrue();
        }

        assertThat(client.offer("one too many")).isFalse();

        assertThat(client.isClosed()).isTrue();
        assertThat(socket.closedWith).isEqualTo(1008);
        assertThat(socket.sent).hasSize(AuctionFeed.MAX_IN_FLIGHT);
        assertThat(client.offer("after")).isFalse();
    }

    @Test
    void a_failed_send_drops_the_client() {
        var client = new AuctionFeed.Client(new AuctionFeed.Sender() {
            @Override
            public void send(String text, Runnable written, Consumer<Throwable> failed) {
                failed.accept(new java.io.IOException("broken pipe"));
            }

            @Override
            public void close(int code, String reason) {}
        });
        client.offer("x");
        assertThat(client.isClosed()).isTrue();
    }
}
