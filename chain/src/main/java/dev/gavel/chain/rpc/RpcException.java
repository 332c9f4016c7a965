package dev.gavel.chain.rpc;

/** A JSON-RPC call that did not give a result. */
public abstract sealed class RpcException extends RuntimeException permits RpcError, ChainUnavailable {
    private static final long serialVersionUID = 1L;

    RpcException(String message) {
        super(message);
    }
}
