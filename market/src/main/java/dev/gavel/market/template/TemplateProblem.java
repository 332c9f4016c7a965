package dev.gavel.market.template;

/**
 * What is wrong with a template (or a capture it came from), and where: {@code file} as the operator named
 * it, {@code path} a JSON Pointer inside it ("" for the whole document).
 */
public record TemplateProblem(String file, String path, String message) {
    @Override
    public String toString() {
        return file + (path.isEmpty() ? "" : " at " + path) + ": " + message;
    }
}
