package dev.gavel.sim.chain;

import java.io.Serial;

/** A JSON-RPC error object as a node answers it: code, message and, for reverts, the revert data. */
final class RpcError extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** What geth answers for every rejected transaction and failed state lookup. */
    static final int SERVER_ERROR = -32000;
    /** What geth answers for a call that reverts, with the revert data in {@code data}. */
    static final int EXECUTION_REVERTED = 3;

    private final int code;
    private final String data;

    RpcError(int code, String message) {
        this(code, message, null);
    }

    RpcError(int code, String message, String data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    static RpcError server(String message) {
        return new RpcError(SERVER_ERROR, message);
    }

    static RpcError invalidArgument(int index, String problem) {
        return new RpcError(INVALID_PARAMS, "invalid argument " + index + ": " + problem);
    }

    static RpcError reverted(byte[] revertData) {
        return new RpcError(EXECUTION_REVERTED, "execution reverted", Hex.data(revertData));
    }

    int code() {
        return code;
    }

    /** The error's {@code data} member (hex), or null when it has none. */
    String data() {
        return data;
    }
}
