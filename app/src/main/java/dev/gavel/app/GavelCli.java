package dev.gavel.app;

import dev.gavel.embedded.EmbeddedServerException;
import dev.gavel.server.config.ConfigException;
import dev.gavel.server.config.ConfigLoader;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.store.StoreException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gavel}: the top command; its subcommands do the work. */
@Command(
        name = "gavel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Live social auctions and auction-market tracking.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            DbCommand.class,
            UsersCommand.class,
            StateCommand.class,
            MarketCommand.class,
            AuthCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Configuration: gavel.yaml (--config or GAVEL_CONFIG) and GAVEL_* variables,",
            "listed in README.md. New here? Run: gavel demo"
        })
public final class GavelCli implements Runnable {
    /** Exit code for a usage or configuration mistake. */
    static final int BAD_INPUT = 2;
    /** Exit code for a failure of a server, the database or Redis. */
    static final int FAILED = 1;

    final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            scope = CommandLine.ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "gavel.yaml to read (default: $GAVEL_CONFIG, else none)")
    Path configFile;

    GavelCli(Map<String, String> env) {
        this.env = env;
    }

    static CommandLine commandLine(Map<String, String> env) {
        var cli = new CommandLine(new GavelCli(env));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var err = commandLine.getErr();
            if (e instanceof ConfigException
                    || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) {
                err.println("gavel: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof EmbeddedServerException || e instanceof StoreException) {
                err.println("gavel: " + e.getMessage());
                return FAILED;
            }
            org.slf4j.LoggerFactory.getLogger(GavelCli.class).error("unexpected failure", e);
            err.println("gavel: unexpected failure: " + e + " (details in the log above)");
            return FAILED;
        });
        return cli;
    }

    GavelCli withConfigFile(Path file) {
        this.configFile = file;
        return this;
    }

    /** The validated configuration for this invocation. */
    GavelConfig config() {
        return ConfigLoader.load(Optional.ofNullable(configFile), env);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
