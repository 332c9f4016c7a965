package dev.gavel.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code gavel serve}: production. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run Gavel against the configured PostgreSQL and Redis.",
            "Without GAVEL_DB_URL / GAVEL_REDIS_URL, embedded servers keep their data in GAVEL_HOME.",
            "Logs are JSON unless GAVEL_LOG_FORMAT=console."
        })
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    GavelCli cli;

    @Override
    public Integer call() throws Exception {
        var config = cli.config();
        return Running.untilStopped(config, server -> {});
    }
}
