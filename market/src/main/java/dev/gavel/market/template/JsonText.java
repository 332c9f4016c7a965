package dev.gavel.market.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading an operator's file (a template, strategies, a capture) as JSON: strictly (text after the document
 * is an error, not ignored), and refusing with a problem that names the file and where it stops being JSON.
 */
public final class JsonText {
    /** Jackson, strict about trailing text. Thread-safe once configured. */
    public static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {}

    /** {@code text} as JSON; a {@link TemplateException} naming {@code file} (and {@code what} it should be) if not. */
    public static JsonNode read(String file, String text, String what) {
        try {
            return STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TemplateException(new TemplateProblem(
                    file,
                    "",
                    what + "not JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage()));
        }
    }
}
