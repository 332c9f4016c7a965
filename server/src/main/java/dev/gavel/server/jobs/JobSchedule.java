package dev.gavel.server.jobs;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import dev.gavel.server.config.ConfigLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job runs, always in UTC: every so often (the delay counts from the end of the previous run), daily
 * at a time, or by a cron expression (db-scheduler's six fields, seconds first: {@code 0 0 4 * * MON}).
 *
 * <p>A speed above 1 (the demo's {@code GAVEL_JOBS_SPEED}) turns any schedule into a fixed delay of its
 * period divided by the speed, at least {@link #SHORTEST}: an hourly job at 60x runs every minute, a daily
 * one every 24 minutes. Immutable.
 */
public sealed interface JobSchedule {
    /** No job runs more often than this, however fast the speed. */
    Duration SHORTEST = Duration.ofSeconds(1);

    /** Every {@code interval} after the end of the previous run; the first run is at start. */
    record Every(Duration interval) implements JobSchedule {
        public Every {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(SHORTEST) < 0) {
                throw new IllegalArgumentException("a job runs at most every second, not every " + compact(interval));
            }
        }

        @Override
        public String describe() {
            return "every " + compact(interval);
        }

        @Override
        public Duration period(Instant from) {
            return interval;
        }

        @Override
        public Schedule dbSchedule() {
            return FixedDelay.of(interval);
        }
    }

    /** Each day at {@code at} UTC. */
    record Daily(LocalTime at) implements JobSchedule {
        private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

        public Daily {
            Objects.requireNonNull(at, "at");
            at = at.withNano(0);
        }

        @Override
        public String describe() {
            return "daily at " + at.format(at.getSecond() == 0 ? HH_MM : DateTimeFormatter.ISO_LOCAL_TIME) + " UTC";
        }

        @Override
        public Duration period(Instant from) {
            return Duration.ofDays(1);
        }

        @Override
        public Schedule dbSchedule() {
            return new com.github.kagkarlsson.scheduler.task.schedule.Daily(ZoneOffset.UTC, at);
        }
    }

    /** A cron expression in UTC, six fields with seconds first (db-scheduler's cron style). */
    record Cron(String expression) implements JobSchedule {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            expression = expression.strip().replaceAll("\\s+", " ");
            CronSchedule parsed;
            try {
                parsed = new CronSchedule(expression, ZoneOffset.UTC);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "not a cron expression (six fields, seconds first, such as 0 0 4 * * MON): " + expression, e);
            }
            if (parsed.isDisabled()) {
                throw new IllegalArgumentException("a job's cron expression must run it sometime: " + expression);
            }
        }

        @Override
        public String describe() {
            return "cron " + expression + " UTC";
        }

        /** The gap between the next two times the expression names after {@code from}. */
        @Override
        public Duration period(Instant from) {
            Schedule cron = dbSchedule();
            Instant first = cron.getNextExecutionTime(ExecutionComplete.simulatedSuccess(from));
            Instant second = cron.getNextExecutionTime(ExecutionComplete.simulatedSuccess(first));
            return Duration.between(first, second);
        }

        @Override
        public Schedule dbSchedule() {
            return new CronSchedule(expression, ZoneOffset.UTC);
        }
    }

    static JobSchedule every(Duration interval) {
        return new Every(interval);
    }

    static JobSchedule dailyAt(LocalTime at) {
        return new Daily(at);
    }

    static JobSchedule cron(String expression) {
        return new Cron(expression);
    }

    /**
     * Reads a schedule as written in configuration or code: {@code every 1h} (or just {@code 1h}, {@code 90s},
     * {@code PT6H}), {@code daily 03:00} (or {@code daily at 03:00}), {@code cron 0 0 4 * * MON}. Throws
     * {@link IllegalArgumentException} saying what is expected.
     */
    static JobSchedule parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().replaceAll("\\s+", " ");
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("cron ")) {
            return cron(t.substring("cron ".length()));
        }
        if (lower.startsWith("daily ")) {
            String at = lower.substring("daily ".length()).strip();
            at = at.startsWith("at ") ? at.substring(3).strip() : at;
            at = at.endsWith(" utc") ? at.substring(0, at.length() - 4).strip() : at;
            try {
                return dailyAt(LocalTime.parse(at));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "a daily schedule names a UTC time, such as daily 03:00, not: " + text, e);
            }
        }
        String every =
                lower.startsWith("every ") ? lower.substring("every ".length()).strip() : lower;
        Duration d = ConfigLoader.parseShortDuration(every);
        if (d == null) {
            throw new IllegalArgumentException(
                    "a schedule is every <duration> (every 1h, 90s), daily <HH:MM> (UTC) or cron <six fields>, not: "
                            + text);
        }
        return every(d);
    }

    /** How the schedule reads in {@code /api/jobs} and logs: {@code every 1h}, {@code daily at 03:00 UTC}. */
    String describe();

    /** About how long between two runs, counted from {@code from} for a cron expression. */
    Duration period(Instant from);

    /** The schedule as db-scheduler runs it at real speed. */
    Schedule dbSchedule();

    /** How long between runs at {@code speed}, empty at speed 1 (the schedule runs as written). */
    default Optional<Duration> spedUpDelay(double speed, Instant now) {
        if (!(speed > 1)) {
            return Optional.empty();
        }
        // whole seconds, so the delay reads as plainly as the schedule (an hour at 7x: every 8m34s)
        long seconds = (long) Math.floor(period(now).toMillis() / speed / 1000);
        return Optional.of(Duration.ofSeconds(Math.max(SHORTEST.toSeconds(), seconds)));
    }

    /** The db-scheduler schedule at {@code speed}: as written at 1, a fixed delay of period / speed above. */
    default Schedule at(double speed, Instant now) {
        return spedUpDelay(speed, now).<Schedule>map(FixedDelay::of).orElseGet(this::dbSchedule);
    }

    /** {@code 1h}, {@code 24m}, {@code 1h30m}, {@code 90ms}: the shortest exact spelling. */
    static String compact(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        var out = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            out.append(d.toMillisPart()).append("ms");
        }
        return out.toString();
    }
}
