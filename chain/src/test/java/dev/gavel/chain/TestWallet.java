package dev.gavel.chain;

import java.nio.charset.StandardCharsets;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** A wallet for tests: a secp256k1 key that signs the way {@code personal_sign} does. */
record TestWallet(ECKeyPair keys) {

    /** The same key for the same name, on every run. */
    static TestWallet named(String name) {
        return new TestWallet(ECKeyPair.create(Hash.sha3(name.getBytes(StandardCharsets.UTF_8))));
    }

    /** The account, EIP-55 checksummed, computed by web3j (not by the code under test). */
    String address() {
        return Keys.toChecksumAddress(Keys.getAddress(keys));
    }

    /** A {@code personal_sign} signature of {@code text}: 0x, r, s, v (27 or 28). */
    String sign(String text) {
        var signature = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), keys);
        return "0x" + Numeric.toHexStringNoPrefix(signature.getR())
                + Numeric.toHexStringNoPrefix(signature.getS())
                + Numeric.toHexStringNoPrefix(signature.getV());
    }
}
