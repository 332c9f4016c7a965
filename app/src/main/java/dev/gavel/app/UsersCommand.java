package dev.gavel.app;

import dev.gavel.core.Role;
import dev.gavel.server.auth.Accounts;
import dev.gavel.server.auth.PasswordHasher;
import dev.gavel.store.users.UserCreation;
import dev.gavel.store.users.UserStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gavel users …}: accounts from the command line. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Manage accounts.",
        subcommands = {UsersCommand.Create.class})
final class UsersCommand extends CommandGroup {
    /** {@code gavel users create --email … --role …}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create an account with one or more roles.",
                "The password is asked for (or read from standard input when it is not a terminal)."
            })
    static final class Create implements Callable<Integer> {
        @ParentCommand
        UsersCommand users;

        @Option(names = "--email", required = true, description = "the account's e-mail address")
        String email;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                split = ",",
                description = "OWNER, ADMIN, OPERATOR, BIDDER or VIEWER; repeat or separate with commas")
        List<String> roles;

        @Option(
                names = "--password",
                interactive = true,
                arity = "0..1",
                description = "the password (10 to 256 characters); prompted for when given without a value")
        char[] password;

        @Override
        public Integer call() {
            var cli = users.cli;
            var out = cli.spec.commandLine().getOut();
            var err = cli.spec.commandLine().getErr();
            var parsed = EnumSet.noneOf(Role.class);
            for (String name : roles) {
                var role = Role.find(name);
                if (role.isEmpty()) {
                    err.println(
                            "gavel: --role " + name + " is not a role; use one of " + Arrays.toString(Role.values()));
                    return GavelCli.BAD_INPUT;
                }
                parsed.add(role.get());
            }
            String pw = password == null ? readPassword() : new String(password);
            var problems = Accounts.problems(email, pw);
            if (!problems.isEmpty()) {
                problems.forEach((field, problem) -> err.println("gavel: " + field + " " + problem));
                return GavelCli.BAD_INPUT;
            }
            try (var infrastructure = Infrastructure.prepare(cli.config(), false)) {
                try (var database = infrastructure.openDatabase()) {
                    database.migrate();
                    var accounts =
                            new Accounts(new UserStore(database.jdbi()), PasswordHasher.standard(), Clock.systemUTC());
                    return switch (accounts.create(email, pw, parsed)) {
                        case UserCreation.Created created -> {
                            out.println("created " + created.user().email() + " ("
                                    + created.user().id() + ") with roles "
                                    + created.user().roles());
                            yield 0;
                        }
                        case UserCreation.EmailTaken taken -> {
                            err.println("gavel: an account with " + taken.email() + " already exists");
                            yield GavelCli.FAILED;
                        }
                    };
                }
            }
        }

        private static String readPassword() {
            var console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("password for the new account: ");
                return typed == null ? "" : new String(typed);
            }
            try {
                var line = new java.io.BufferedReader(
                                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                        .readLine();
                return line == null ? "" : line;
            } catch (java.io.IOException e) {
                return "";
            }
        }
    }
}
