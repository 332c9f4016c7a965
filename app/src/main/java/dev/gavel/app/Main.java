package dev.gavel.app;

import java.util.Locale;
import java.util.Map;

/** Entry point of the runnable jar. Chooses the log format before anything logs, then runs picocli. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs one command line and returns its exit code; never throws at the user. */
    public static int run(Map<String, String> env, String... args) {
        chooseLogFormat(env, args);
        return GavelCli.commandLine(env).execute(args);
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
