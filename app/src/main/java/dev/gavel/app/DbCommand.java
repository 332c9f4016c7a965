package dev.gavel.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code gavel db …}: database chores. */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "Database chores.",
        subcommands = {DbCommand.Migrate.class})
final class DbCommand extends CommandGroup {
    /** {@code gavel db migrate}. */
    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = "Bring the database schema up to date (gavel serve does this at start too).")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @Override
        public Integer call() {
            var cli = db.cli;
            try (var infrastructure = Infrastructure.prepare(cli.config(), false)) {
                try (var database = infrastructure.openDatabase()) {
                    int applied = database.migrate();
                    String version = database.jdbi().withHandle(h -> h.createQuery(
                                    "SELECT max(version) FROM flyway_schema_history WHERE success")
                            .mapTo(String.class)
                            .one());
                    cli.spec
                            .commandLine()
                            .getOut()
                            .println((applied == 0
                                            ? "schema already up to date"
                                            : "applied " + applied + " migration(s)")
                                    + "; schema version " + version);
                }
            }
            return 0;
        }
    }
}
