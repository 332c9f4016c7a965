package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    @Test
    void work_in_flight_finishes_uninterrupted_and_a_periodic_task_does_not_run_again() throws Exception {
        var schedule =
                Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        var started = new CountDownLatch(1);
        var runs = new AtomicInteger();
        var interrupted = new AtomicBoolean();
        schedule.scheduleWithFixedDelay(
                () -> {
                    runs.incrementAndGet();
                    started.countDown();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                },
                0,
                1,
                TimeUnit.MILLISECONDS);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(Shutdown.gracefully(schedule, Duration.ofSeconds(5))).isTrue();

        assertThat(interrupted).isFalse();
        assertThat(runs).hasValue(1);
        assertThat(schedule.isTerminated()).isTrue();
    }

    @Test
    void work_overrunning_the_grace_is_interrupted() throws Exception {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var started = new CountDownLatch(1);
        var interrupted = new CountDownLatch(1);
        executor.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        assertThat(Shutdown.gracefully(executor, Duration.ofMillis(200))).isFalse();

        assertThat(interrupted.getCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void a_caller_interrupted_while_waiting_interrupts_the_work_and_keeps_its_flag() throws Exception {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var started = new CountDownLatch(1);
        var workInterrupted = new CountDownLatch(1);
        executor.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                workInterrupted.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        var callerKeptFlag = new AtomicBoolean();
        var result = new AtomicBoolean(true);
        var caller = Thread.ofPlatform().start(() -> {
            result.set(Shutdown.gracefully(executor, Duration.ofSeconds(30)));
            callerKeptFlag.set(Thread.currentThread().isInterrupted());
        });
        // the caller waits out the grace
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        caller.interrupt();
        caller.join(5_000);

        assertThat(result).isFalse();
        assertThat(callerKeptFlag).isTrue();
        assertThat(workInterrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
