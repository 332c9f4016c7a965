package dev.gavel.server.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; the message lists every problem, one per line. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super("invalid configuration:\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String message) {
        super(message);
        this.problems = List.of();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
