package dev.gavel.app;

import dev.gavel.store.Redis;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.live.LiveView;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code gavel state …}: the derived state in Redis. */
@Command(
        name = "state",
        mixinStandardHelpOptions = true,
        description = "Derived state in Redis.",
        subcommands = {StateCommand.Rebuild.class})
final class StateCommand extends CommandGroup {
    /** {@code gavel state rebuild}. */
    @Command(
            name = "rebuild",
            mixinStandardHelpOptions = true,
            description = {
                "Rewrite the live view of every auction in Redis from PostgreSQL, the system of record.",
                "Safe while Gavel runs: sequencers overwrite with the same committed state."
            })
    static final class Rebuild implements Callable<Integer> {
        @ParentCommand
        StateCommand state;

        @Override
        public Integer call() {
            var cli = state.cli;
            try (var infrastructure = Infrastructure.prepare(cli.config(), true);
                    var database = infrastructure.openDatabase();
                    var redis =
                            Redis.connect(infrastructure.config().redisUrl().orElseThrow(), Duration.ofSeconds(5))) {
                database.migrate();
                var auctions = new AuctionStore(database);
                var view = new LiveView(redis);
                int n = 0;
                for (var a : auctions.all()) {
                    view.rebuild(
                            new LiveView.Place(a.state().id(), a.campaignId(), a.dayNumber()),
                            a.state(),
                            auctions.log(a.state().id()));
                    n++;
                }
                cli.spec
                        .commandLine()
                        .getOut()
                        .println("rebuilt the live view of " + n + " auction(s) from PostgreSQL");
            }
            return 0;
        }
    }
}
