package dev.gavel.chain.rpc;

/** No provider gave an answer: every one failed, timed out or answered garbage. */
public final class ChainUnavailable extends RpcException {
    private static final long serialVersionUID = 1L;

    public ChainUnavailable(String message) {
        super(message);
    }
}
