package dev.gavel.chain;

import java.math.BigInteger;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** Signs EIP-1559 (type 2) transactions with one private key. No I/O; thread-safe. */
public final class TransactionSigner {
    private final Credentials credentials;

    private TransactionSigner(Credentials credentials) {
        this.credentials = credentials;
    }

    /** @param privateKeyHex 64 hex digits, with or without {@code 0x} */
    public static TransactionSigner ofKey(String privateKeyHex) {
        return new TransactionSigner(Credentials.create(privateKeyHex));
    }

    /** The signer's address, lower case. */
    public String address() {
        return credentials.getAddress().toLowerCase(Locale.ROOT);
    }

    /** A signed transaction: the bytes to broadcast and the hash the chain will know it by. */
    public record Signed(String raw, String hash) {}

    public Signed sign(
            long chainId,
            long nonce,
            BigInteger gasLimit,
            String to,
            BigInteger value,
            String data,
            BigInteger maxPriorityFeePerGas,
            BigInteger maxFeePerGas) {
        var tx = RawTransaction.createTransaction(
                chainId, BigInteger.valueOf(nonce), gasLimit, to, value, data, maxPriorityFeePerGas, maxFeePerGas);
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, credentials));
        return new Signed(raw, Hash.sha3(raw));
    }
}
