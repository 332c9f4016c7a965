package dev.gavel.market.template;

import java.util.List;
import java.util.stream.Collectors;

/** A template or capture that cannot be used, with every problem found in it. */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<TemplateProblem> problems;

    public TemplateException(List<TemplateProblem> problems) {
        super(problems.stream().map(TemplateProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public TemplateException(TemplateProblem problem) {
        this(List.of(problem));
    }

    public List<TemplateProblem> problems() {
        return problems;
    }
}
