package dev.gavel.sources.m26;

import dev.gavel.market.strategy.ResponseStrategies;
import dev.gavel.market.template.RequestTemplate;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.template.TemplateProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The M26 request templates ({@code search.json}, {@code login.json}, {@code refresh.json}) and response
 * strategies ({@code strategies.json}). Each comes from the template folder when a file of that name is
 * there (written by {@code gavel auth pool import-har} or by hand) and from the copy shipped in the jar
 * otherwise, so a new game year's capture needs no rebuild. Immutable.
 */
public record M26Templates(
        RequestTemplate search, RequestTemplate login, RequestTemplate refresh, ResponseStrategies strategies) {

    public static final List<String> FILES = List.of("search.json", "login.json", "refresh.json", "strategies.json");

    /** The shipped templates. */
    public static M26Templates shipped() {
        return load(Optional.empty());
    }

    /**
     * The templates of {@code folder} over the shipped ones. Throws {@link TemplateException} naming every
     * broken file, the path inside it and what is wrong.
     */
    public static M26Templates load(Optional<Path> folder) {
        var problems = new ArrayList<TemplateProblem>();
        RequestTemplate search = template(folder, "search.json", problems);
        RequestTemplate login = template(folder, "login.json", problems);
        RequestTemplate refresh = template(folder, "refresh.json", problems);
        ResponseStrategies strategies = null;
        Source s = read(folder, "strategies.json");
        try {
            strategies = ResponseStrategies.parse(s.name(), s.text());
        } catch (TemplateException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        for (String needed : List.of("ticket", "baseUrl")) {
            if (!search.placeholders().contains(needed)) {
                throw new TemplateException(new TemplateProblem(search.file(), "/url", "must use ${" + needed + "}"));
            }
        }
        return new M26Templates(search, login, refresh, strategies);
    }

    private static RequestTemplate template(Optional<Path> folder, String name, List<TemplateProblem> problems) {
        Source s = read(folder, name);
        try {
            return RequestTemplate.parse(s.name(), s.text());
        } catch (TemplateException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private record Source(String name, String text) {}

    private static Source read(Optional<Path> folder, String name) {
        if (folder.isPresent()) {
            Path file = folder.get().resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new TemplateException(new TemplateProblem(file.toString(), "", "cannot be read: " + e));
                }
            }
        }
        try (InputStream in = M26Templates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the shipped template " + name);
            }
            return new Source("shipped:" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
