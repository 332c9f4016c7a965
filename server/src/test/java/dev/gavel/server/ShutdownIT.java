package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Why background work is stopped with {@link Shutdown}: a virtual thread interrupted while it waits on
 * PostgreSQL closes the connection's socket (the demo's Ctrl-C logged the pool's broken connection with a stack
 * trace); given a grace period, the statement finishes and the connection goes back to the pool whole.
 */
@WithPostgresAndRedis
class ShutdownIT {
    private final Database database;

    ShutdownIT(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Schedules one statement that takes 700 ms on a virtual thread and returns once it is under way. */
    private CompletableFuture<Integer> slowStatementOn(ScheduledExecutorService schedule) throws Exception {
        var started = new CountDownLatch(1);
        var result = new CompletableFuture<Integer>();
        schedule.schedule(
                () -> {
                    try {
                        result.complete(database.jdbi().withHandle(h -> {
                            started.countDown();
                            return h.createQuery("SELECT 7 FROM pg_sleep(0.7)")
                                    .mapTo(Integer.class)
                                    .one();
                        }));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                },
                0,
                TimeUnit.MILLISECONDS);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // inside the statement, waiting on the socket: PostgreSQL shows it running
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> database.jdbi().withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                                                + " AND query = 'SELECT 7 FROM pg_sleep(0.7)'")
                                .mapTo(Integer.class)
                                .one())
                        > 0);
        return result;
    }

    @Test
    void a_statement_in_flight_finishes_and_its_connection_stays_usable() throws Exception {
        var schedule =
                Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        var result = slowStatementOn(schedule);

        assertThat(Shutdown.gracefully(schedule, Duration.ofSeconds(10))).isTrue();

        assertThat(result).isCompletedWithValue(7);
        int one = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        assertThat(one).isEqualTo(1);
    }

    @Test
    void interrupting_at_once_breaks_the_statement_which_is_what_the_grace_avoids() throws Exception {
        var schedule =
                Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        var result = slowStatementOn(schedule);

        schedule.shutdownNow();
        schedule.awaitTermination(10, TimeUnit.SECONDS);

        assertThat(result).isCompletedExceptionally();
    }
}
