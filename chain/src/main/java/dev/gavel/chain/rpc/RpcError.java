package dev.gavel.chain.rpc;

/**
 * The node understood the call and refused it (a JSON-RPC {@code error}): a reverted call, a nonce too
 * low, a malformed parameter. Not a sign of a sick provider, so no failover.
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
}
