package dev.gavel.sim.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/** A transaction the chain carries: one a wallet signed, or a mint the simulator performs itself. */
sealed interface Tx permits Tx.Signed, Tx.Mint {

    String hash();

    String from();

    String to();

    long nonce();

    long gas();

    BigInteger value();

    /** The calldata, hex. */
    String input();

    /** Bytes the transaction takes in a block, for the block's {@code size}. */
    int size();

    /**
     * A transaction signed by a wallet: legacy (type 0, EIP-155 protected) or EIP-1559 (type 2). For legacy, the max
     * fee and the priority fee are both its gas price, as geth treats them.
     */
    record Signed(
            String hash,
            int type,
            long chainId,
            String from,
            String to,
            long nonce,
            long gas,
            BigInteger value,
            String input,
            BigInteger maxFeePerGas,
            BigInteger maxPriorityFeePerGas,
            BigInteger v,
            BigInteger r,
            BigInteger s,
            int size)
            implements Tx {

        /**
         * Decodes and checks what {@code eth_sendRawTransaction} received, answering the errors geth answers: a
         * wrong chain id, no EIP-155 protection, an unsupported type, a contract creation (no EVM here).
         */
        static Signed decode(String rawHex, long chainId) {
            byte[] raw;
            try {
                raw = Hex.bytes(rawHex);
            } catch (IllegalArgumentException e) {
                throw RpcError.invalidArgument(0, "a raw transaction is 0x-prefixed hex of whole bytes");
            }
            if (raw.length == 0) {
                throw RpcError.server("typed transaction too short");
            }
            RawTransaction decoded;
            try {
                decoded = TransactionDecoder.decode(rawHex);
            } catch (RuntimeException e) {
                throw RpcError.server("rlp: cannot decode the transaction (" + e + ")");
            }
            if (!(decoded instanceof SignedRawTransaction signed)) {
                throw RpcError.server("invalid sender: the transaction carries no signature");
            }
            int type;
            long txChainId;
            BigInteger maxFee;
            BigInteger tip;
            if (decoded.getType().isLegacy()) {
                Long protectedFor = signed.getChainId();
                if (protectedFor == null) {
                    throw RpcError.server("only replay-protected (EIP-155) transactions allowed over RPC");
                }
                type = 0;
                txChainId = protectedFor;
                maxFee = decoded.getGasPrice();
                tip = decoded.getGasPrice();
            } else if (decoded.getType().isEip1559() && decoded.getTransaction() instanceof Transaction1559 t1559) {
                type = 2;
                txChainId = t1559.getChainId();
                maxFee = t1559.getMaxFeePerGas();
                tip = t1559.getMaxPriorityFeePerGas();
            } else {
                throw RpcError.server("transaction type not supported");
            }
            if (txChainId != chainId) {
                throw RpcError.server("invalid chain id for signer: have " + txChainId + " want " + chainId);
            }
            String from;
            try {
                from = Hex.lower(signed.getFrom());
            } catch (SignatureException | RuntimeException e) {
                throw RpcError.server("invalid sender: " + e.getMessage());
            }
            String to = decoded.getTo() == null ? "" : Hex.lower(decoded.getTo());
            if (to.isEmpty() || to.equals("0x")) {
                throw RpcError.server("contract creation is not supported: GavelSimChain is a simulator and runs no EVM"
                        + " bytecode");
            }
            if (!to.startsWith("0x")) {
                to = "0x" + to;
            }
            if (!Hex.isAddress(to)) {
                throw RpcError.server("rlp: the recipient is not a 20-byte address: " + to);
            }
            if (decoded.getNonce().bitLength() > 63) {
                throw RpcError.server("nonce has max value");
            }
            if (decoded.getGasLimit().bitLength() > 63) {
                throw RpcError.server("exceeds block gas limit");
            }
            String data = decoded.getData() == null ? "" : Hex.lower(decoded.getData());
            String input = data.startsWith("0x") ? data : "0x" + data;
            var signature = signed.getSignatureData();
            BigInteger v = new BigInteger(1, signature.getV());
            if (type == 2 && v.compareTo(BigInteger.valueOf(27)) >= 0) {
                v = v.subtract(BigInteger.valueOf(27)); // web3j hands back 27/28; type 2 carries the y parity, 0/1
            }
            return new Signed(
                    Hex.keccak(raw),
                    type,
                    txChainId,
                    from,
                    to,
                    decoded.getNonce().longValueExact(),
                    decoded.getGasLimit().longValueExact(),
                    decoded.getValue(),
                    input,
                    maxFee,
                    tip,
                    v,
                    new BigInteger(1, signature.getR()),
                    new BigInteger(1, signature.getS()),
                    raw.length);
        }
    }

    /**
     * A token the simulator mints ({@code sim_mint}): a system transaction from the zero address to the collection,
     * unsigned and free, so that its Transfer log has a transaction and a receipt behind it as on a real chain.
     */
    record Mint(String hash, String collection, String recipient, BigInteger tokenId) implements Tx {
        /** The selector of {@code mint(address,uint256)}, which the mint's input shows. */
        static final String MINT_SELECTOR = "0x40c10f19";

        static Mint of(long chainId, long sequence, String collection, String recipient, BigInteger tokenId) {
            String seed = "gavel-sim-mint:" + chainId + ":" + sequence + ":" + collection + ":" + tokenId;
            return new Mint(Hex.keccak(seed.getBytes(StandardCharsets.UTF_8)), collection, recipient, tokenId);
        }

        @Override
        public String from() {
            return Hex.ZERO_ADDRESS;
        }

        @Override
        public String to() {
            return collection;
        }

        @Override
        public long nonce() {
            return 0;
        }

        @Override
        public long gas() {
            return Ledger.COLLECTION_GAS;
        }

        @Override
        public BigInteger value() {
            return BigInteger.ZERO;
        }

        @Override
        public String input() {
            return MINT_SELECTOR
                    + Hex.wordHex(recipient).substring(2)
                    + Hex.wordHex(tokenId).substring(2);
        }

        @Override
        public int size() {
            return 100;
        }
    }
}
