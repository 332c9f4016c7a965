package dev.gavel.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stopping background work without breaking what it is in the middle of.
 *
 * <p>An interrupted virtual thread closes the socket it is blocked on. A scheduler shut down with {@code
 * shutdownNow()} while its task waits on PostgreSQL therefore breaks that connection mid-statement: the work is
 * rolled back (and redone on the next start), but the pool logs the broken connection with a stack trace on
 * every Ctrl-C. So work in flight gets a grace period first, and is interrupted only if it overruns it.
 */
public final class Shutdown {
    private Shutdown() {}

    /**
     * Accepts no new work, lets the work in flight finish for up to {@code grace} (periodic tasks are not run
     * again), then interrupts what is left. Returns whether everything finished within the grace period.
     */
    public static boolean gracefully(ExecutorService executor, Duration grace) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
