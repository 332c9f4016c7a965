package dev.gavel.server.http;

import java.util.Map;

/**
 * A response that is an error, in API.md's format: {@code {"error", "message", "details"}}. Thrown by
 * handlers for input and access problems, caught once by {@link ErrorHandling}.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    public ApiError(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details)); // values may be null
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public static ApiError badRequest(String code, String message, Map<String, Object> details) {
        return new ApiError(400, code, message, details);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** The JSON body. */
    public Body body() {
        return new Body(code, getMessage(), details);
    }

    public record Body(String error, String message, Map<String, Object> details) {}
}
