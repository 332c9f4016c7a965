package dev.gavel.app;

import dev.gavel.market.template.TemplateException;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.server.config.SecretKeyFile;
import dev.gavel.server.market.MarketRuntime;
import dev.gavel.sources.m26.M26HarImport;
import dev.gavel.sources.m26.M26Source;
import dev.gavel.store.market.CredentialStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gavel auth …}: the marketplace credentials Gavel holds. */
@Command(
        name = "auth",
        mixinStandardHelpOptions = true,
        description = "Marketplace credentials: the auth pool and its tickets.",
        subcommands = {AuthCommand.Pool.class, AuthCommand.Refresh.class})
final class AuthCommand extends CommandGroup {

    static CredentialStore credentials(GavelConfig config, dev.gavel.store.Database database) {
        var secret = config.auth().secretKey().orElseGet(() -> SecretKeyFile.loadOrCreate(config.home()));
        return new CredentialStore(
                database.jdbi(), dev.gavel.market.auth.CredentialCipher.fromSecretKey(secret), Clock.systemUTC());
    }

    /** {@code gavel auth pool …}. */
    @Command(
            name = "pool",
            mixinStandardHelpOptions = true,
            description = "The auth pool.",
            subcommands = {ImportHar.class, ListPool.class})
    static final class Pool implements Runnable {
        @ParentCommand
        AuthCommand auth;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** {@code gavel auth pool import-har FILE…}. */
    @Command(
            name = "import-har",
            mixinStandardHelpOptions = true,
            description = {
                "Rebuild the m26 auth pool and search template from captured traffic (HAR from mitmproxy or a browser).",
                "Every file is checked first; a problem names the file, the path inside it and what is wrong,",
                "and then nothing is imported."
            })
    static final class ImportHar implements Callable<Integer> {
        @ParentCommand
        Pool pool;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "HAR files")
        List<Path> files;

        @Override
        public Integer call() {
            var cli = pool.auth.cli;
            var out = cli.spec.commandLine().getOut();
            var err = cli.spec.commandLine().getErr();
            var captures = new ArrayList<M26HarImport.Capture>();
            for (Path f : files) {
                try {
                    captures.add(new M26HarImport.Capture(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    err.println("gavel: " + f + ": cannot be read (" + e.getMessage() + "); nothing was imported");
                    return GavelCli.BAD_INPUT;
                }
            }
            try {
                M26HarImport.read(captures);
            } catch (TemplateException e) {
                e.problems().forEach(p -> err.println("gavel: " + p));
                err.println("gavel: nothing was imported");
                return GavelCli.BAD_INPUT;
            }
            GavelConfig config = cli.config();
            try (var infrastructure = Infrastructure.prepare(config, false);
                    var database = infrastructure.openDatabase()) {
                database.migrate();
                var imported = MarketRuntime.importHar(
                        captures, credentials(config, database), config.market().m26Templates());
                out.println("imported " + imported.credentials() + " credential(s) into the m26 pool");
                imported.templates().forEach(t -> out.println("wrote " + t));
                imported.notes().forEach(n -> out.println("note: " + n));
                out.println(
                        "a running Gavel picks the new pool up on restart, or at once through POST /api/market/auth/har");
                return 0;
            } catch (TemplateException e) {
                e.problems().forEach(p -> err.println("gavel: " + p));
                err.println("gavel: nothing was imported");
                return GavelCli.BAD_INPUT;
            }
        }
    }

    /** {@code gavel auth pool list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the pool's credentials (never their secrets).")
    static final class ListPool implements Callable<Integer> {
        @ParentCommand
        Pool pool;

        @Option(names = "--source", description = "only this source")
        String source;

        @Override
        public Integer call() {
            var cli = pool.auth.cli;
            var out = cli.spec.commandLine().getOut();
            GavelConfig config = cli.config();
            try (var infrastructure = Infrastructure.prepare(config, false);
                    var database = infrastructure.openDatabase()) {
                database.migrate();
                var rows = credentials(config, database).listMasked(Optional.ofNullable(source));
                if (rows.isEmpty()) {
                    out.println("the pool is empty; import a capture with: gavel auth pool import-har FILE.har");
                    return 0;
                }
                out.printf(
                        "%-6s %-6s %-16s %-15s %-8s %-6s %-8s %-25s %s%n",
                        "ID", "SOURCE", "ACCOUNT", "KIND", "STATE", "HEALTH", "FAILURES", "COOL-DOWN UNTIL", "NOTE");
                for (var c : rows) {
                    out.printf(
                            "%-6d %-6s %-16s %-15s %-8s %-6d %-8d %-25s %s%n",
                            c.id(),
                            c.source(),
                            c.account(),
                            c.kind(),
                            c.state(),
                            c.health(),
                            c.failures(),
                            c.coolDownUntil().map(Object::toString).orElse("-"),
                            c.note());
                }
                return 0;
            }
        }
    }

    /** {@code gavel auth refresh}. */
    @Command(
            name = "refresh",
            mixinStandardHelpOptions = true,
            description = {
                "Mint fresh m26 session tickets through the refresh and login templates, up to --tickets,",
                "at most one every 10 s (the minting limit)."
            })
    static final class Refresh implements Callable<Integer> {
        @ParentCommand
        AuthCommand auth;

        @Option(names = "--tickets", defaultValue = "1", description = "how many to mint (default: ${DEFAULT-VALUE})")
        int tickets;

        @Override
        public Integer call() {
            var cli = auth.cli;
            var out = cli.spec.commandLine().getOut();
            var err = cli.spec.commandLine().getErr();
            if (tickets < 1 || tickets > 10) {
                err.println("gavel: --tickets must be from 1 to 10");
                return GavelCli.BAD_INPUT;
            }
            return MarketCommand.withMarket(cli, false, d -> {}, market -> {
                var m26 = MarketCommand.source(market, "m26", err);
                if (m26.isEmpty()) {
                    return GavelCli.BAD_INPUT;
                }
                var source = (M26Source) m26.get();
                // each mint runs when the minting limit allows it, on a scheduler rather than a sleeping loop
                var scheduler = Executors.newSingleThreadScheduledExecutor();
                try {
                    int minted = 0;
                    long delayMillis = 0;
                    while (minted < tickets) {
                        M26Source.MintResult result;
                        try {
                            result = scheduler
                                    .schedule(source::mint, delayMillis, TimeUnit.MILLISECONDS)
                                    .get();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return GavelCli.FAILED;
                        } catch (ExecutionException e) {
                            err.println("gavel: minting failed: " + e.getCause());
                            return GavelCli.FAILED;
                        }
                        delayMillis = 0;
                        switch (result) {
                            case M26Source.MintResult.Minted m -> {
                                minted++;
                                out.println("minted a session ticket for " + m.account() + " (" + minted + "/" + tickets
                                        + ")");
                            }
                            case M26Source.MintResult.NotNow n -> {
                                out.println("waiting for the minting limit until " + n.nextMintAt());
                                delayMillis = Math.max(100, n.nextMintAt().toEpochMilli() - System.currentTimeMillis());
                            }
                            case M26Source.MintResult.Failed f -> {
                                err.println("gavel: minting for " + f.account() + " failed: " + f.reason());
                                return GavelCli.FAILED;
                            }
                            case M26Source.MintResult.NoRefreshToken x -> {
                                err.println("gavel: no live account has a refresh token; import a capture first");
                                return GavelCli.BAD_INPUT;
                            }
                        }
                        out.flush();
                    }
                } finally {
                    scheduler.shutdownNow();
                }
                return 0;
            });
        }
    }
}
