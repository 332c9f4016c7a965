package dev.gavel.app;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code gavel db}, {@code gavel users} …): run alone, it shows its usage. */
abstract class CommandGroup implements Runnable {
    @CommandLine.ParentCommand
    GavelCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
