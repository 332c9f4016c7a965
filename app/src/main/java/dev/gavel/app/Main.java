package dev.gavel.app;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the runnable jar. Chooses the log format before anything logs, then runs picocli. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs one command line and returns its exit code; never throws at the user. */
    public static int run(Map<String, String> env, String... args) {
        chooseLogFormat(env, args);
        var cli = GavelCli.commandLine(env);
        return guarded(cli, () -> cli.execute(args));
    }

    /** As {@link #run(Map, String...)}, writing to the given streams (for tests and embedding). */
    public static int run(Map<String, String> env, java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        chooseLogFormat(env, args);
        var cli = GavelCli.commandLine(env);
        cli.setOut(out);
        cli.setErr(err);
        return guarded(cli, () -> cli.execute(args));
    }

    /** picocli hands exceptions to our handler; an {@link Error} still gets a message, not a stack trace. */
    private static int guarded(CommandLine cli, java.util.function.IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (Throwable e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("fatal error", e);
            cli.getErr().println("gavel: fatal error: " + e + " (details in the log above)");
            cli.getErr().flush();
            return GavelCli.FAILED;
        }
    }

    /**
     * {@code serve} logs JSON for log shippers; every other command talks to a person on a terminal.
     * {@code GAVEL_LOG_FORMAT} overrides either. Logback reads the choice as {@code gavel.log.format}.
     */
    private static void chooseLogFormat(Map<String, String> env, String[] args) {
        String wanted = env.getOrDefault("GAVEL_LOG_FORMAT", "").strip().toLowerCase(Locale.ROOT);
        if (!wanted.equals("json") && !wanted.equals("console")) {
            wanted = args.length > 0 && args[0].equals("serve") ? "json" : "console";
        }
        System.setProperty("gavel.log.format", wanted.toUpperCase(Locale.ROOT));
    }
}
