package dev.gavel.chain.rpc;

import java.util.List;
import java.util.Locale;

/**
 * A JSON-RPC {@code error}: mostly the node understood the call and refused it (a reverted call, a nonce
 * too low, a malformed parameter), which is no sign of a sick provider; {@link #isAboutTheProvider()} tells
 * the errors that are (a rate limit, an internal error), which {@link ChainRpc} fails over.
 */
public final class RpcError extends RpcException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String provider;

    public RpcError(String provider, String method, int code, String message) {
        super(method + " refused by " + provider + " (" + code + "): " + message);
        this.code = code;
        this.provider = provider;
    }

    public int code() {
        return code;
    }

    public String provider() {
        return provider;
    }

    /** The node's own words, without Gavel's prefix. */
    public String reason() {
        String m = getMessage();
        return m.substring(m.indexOf("): ") + 3);
    }

    /**
     * Whether the error says the provider cannot serve now (limits, overload, its own failure, a block it does
     * not have yet) rather than anything about the call: another provider may well answer.
     */
    public boolean isAboutTheProvider() {
        String why = reason().toLowerCase(Locale.ROOT);
        if (why.contains("revert")
                || why.contains("nonce")
                || why.contains("underpriced")
                || why.contains("insufficient")) {
            return false;
        }
        return code == -32005
                || code == -32603
                || code == 429
                || PROVIDER_TROUBLE.stream().anyMatch(why::contains);
    }

    /** Whether the call itself reverts (execution failed), as opposed to the node being unable to run it. */
    public boolean isRevert() {
        String why = reason().toLowerCase(Locale.ROOT);
        return code == 3 || why.contains("revert") || why.contains("invalid opcode");
    }

    private static final List<String> PROVIDER_TROUBLE = List.of(
            "rate limit",
            "too many requests",
            "limit exceeded",
            "header not found",
            "timed out",
            "timeout",
            "unavailable",
            "overloaded",
            "capacity",
            "try again later");
}
