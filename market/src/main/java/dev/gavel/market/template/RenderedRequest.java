package dev.gavel.market.template;

import java.util.Map;
import java.util.Optional;

/** A template filled in: ready to send as it is. */
public record RenderedRequest(String method, String url, Map<String, String> headers, Optional<String> body) {
    public RenderedRequest {
        headers = Map.copyOf(headers);
    }
}
