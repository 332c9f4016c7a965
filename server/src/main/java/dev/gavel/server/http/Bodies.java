package dev.gavel.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a request's JSON body into a record, enforcing the size limit while reading (so a body without
 * a Content-Length cannot slip past it) and turning every parse failure into a 400 that says where.
 */
public final class Bodies {
    private final ObjectMapper mapper;
    private final long maxBytes;

    public Bodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The body as {@code type}; a 400 {@link ApiError} when it is missing, too large or not that shape. */
    public <T> T read(Context ctx, Class<T> type) {
        byte[] bytes = readBounded(ctx);
        if (bytes.length == 0) {
            throw ApiError.badRequest("missing_body", "the request needs a JSON body", Map.of());
        }
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiError.badRequest(
                    "unsupported_content_type",
                    "send the body as application/json, not " + contentType,
                    Map.of("contentType", contentType));
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw ApiError.badRequest("invalid_json", "the body must be a JSON object, not null", Map.of());
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest(
                    "unknown_field",
                    "unknown field '" + path(e) + "'; known fields: "
                            + e.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", ")),
                    Map.of("field", path(e)));
        } catch (InvalidFormatException e) {
            throw ApiError.badRequest(
                    "wrong_type",
                    "field '" + path(e) + "' has the wrong type: expected " + friendly(e.getTargetType()),
                    Map.of("field", path(e), "expected", friendly(e.getTargetType())));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                throw ApiError.badRequest("invalid_json", "the body must be a JSON object", Map.of());
            }
            throw ApiError.badRequest(
                    "wrong_type",
                    "field '" + path(e) + "' has the wrong type: expected " + friendly(e.getTargetType()),
                    Map.of("field", path(e), "expected", friendly(e.getTargetType())));
        } catch (JsonMappingException e) {
            throw ApiError.badRequest(
                    "invalid_json", "the body does not fit: " + firstLine(e.getOriginalMessage()), Map.of());
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw ApiError.badRequest(
                    "invalid_json",
                    "the body is not valid JSON"
                            + (location == null
                                    ? ""
                                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")")
                            + ": " + firstLine(e.getOriginalMessage()),
                    Map.of());
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", "the body could not be read", Map.of());
        }
    }

    private byte[] readBounded(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable_body", "the request body could not be read", Map.of());
        }
    }

    ApiError tooLarge() {
        return ApiError.badRequest(
                "body_too_large",
                "the request body is larger than the limit of " + maxBytes + " bytes",
                Map.of("limitBytes", maxBytes));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String friendly(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
