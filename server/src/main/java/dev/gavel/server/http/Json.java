package dev.gavel.server.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping Gavel speaks. Strict on input — an unknown field, a number where text belongs or
 * text where a number belongs is an error naming the field, not a guess — and ISO-8601 for times.
 */
public final class Json {
    private Json() {}

    public static ObjectMapper mapper() {
        var mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        for (var shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Answers with a JSON body that is already bytes (a cached one), written straight to the response's
     * stream (compressed when the client asks and it is large enough) instead of through {@code
     * ctx.result(...)}, which wraps it in a stream and copies it out through a buffer of its own per request.
     */
    public static void write(Context ctx, byte[] json) {
        ctx.contentType("application/json");
        try {
            ctx.outputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the answer could not be written: " + e.getMessage(), e);
        }
    }
}
