package dev.gavel.sim.chain;

import java.io.Serial;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.web3j.crypto.Hash;

/**
 * An ERC-721 collection executed natively instead of as EVM bytecode: the calls, authorisation rules, events and
 * custom errors of OpenZeppelin Contracts 5's {@code ERC721}. Calldata is ABI-decoded strictly (dirty address bits,
 * non-boolean bools and short calldata revert, as Solidity's decoder does); unknown selectors revert with no data, as
 * a contract without a fallback does. A call either returns (and has mutated {@link WorldState.Tokens}) or reverts
 * (and has changed nothing).
 */
final class NativeErc721 {
    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    static final String APPROVAL_TOPIC = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    static final String APPROVAL_FOR_ALL_TOPIC = "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31";

    private static final int BALANCE_OF = 0x70a08231;
    private static final int OWNER_OF = 0x6352211e;
    private static final int GET_APPROVED = 0x081812fc;
    private static final int IS_APPROVED_FOR_ALL = 0xe985e9c5;
    private static final int SUPPORTS_INTERFACE = 0x01ffc9a7;
    private static final int NAME = 0x06fdde03;
    private static final int TRANSFER_FROM = 0x23b872dd;
    private static final int SAFE_TRANSFER_FROM = 0x42842e0e;
    private static final int SAFE_TRANSFER_FROM_WITH_DATA = 0xb88d4fde;
    private static final int APPROVE = 0x095ea7b3;
    private static final int SET_APPROVAL_FOR_ALL = 0xa22cb465;

    private static final int ERC165_INTERFACE = 0x01ffc9a7;
    private static final int ERC721_INTERFACE = 0x80ac58cd;

    private NativeErc721() {}

    /** What a call came to: returned data and logs, or a revert with its data (an ABI-encoded custom error). */
    sealed interface CallResult {
        record Returned(byte[] data, List<Log> logs) implements CallResult {
            public Returned {
                data = data.clone();
                logs = List.copyOf(logs);
            }
        }

        record Reverted(byte[] data) implements CallResult {
            public Reverted {
                data = data.clone();
            }
        }
    }

    /**
     * Calls {@code collection} as {@code caller} with {@code input}. {@code hasCode} tells which addresses are
     * contracts, for {@code safeTransferFrom}'s receiver check.
     */
    static CallResult call(
            WorldState.Tokens tokens,
            String collection,
            String name,
            String caller,
            byte[] input,
            Predicate<String> hasCode) {
        try {
            return dispatch(tokens, collection, name, caller, new Calldata(input), hasCode);
        } catch (Revert revert) {
            return new CallResult.Reverted(revert.data);
        }
    }

    static Log transferLog(String collection, String from, String to, BigInteger tokenId) {
        return new Log(
                collection, List.of(TRANSFER_TOPIC, Hex.wordHex(from), Hex.wordHex(to), Hex.wordHex(tokenId)), "0x");
    }

    private static CallResult dispatch(
            WorldState.Tokens tokens,
            String collection,
            String name,
            String caller,
            Calldata in,
            Predicate<String> hasCode) {
        return switch (in.selector()) {
            case BALANCE_OF -> {
                String owner = in.address(0);
                if (owner.equals(Hex.ZERO_ADDRESS)) {
                    throw new Revert(error("ERC721InvalidOwner(address)", Hex.word(owner)));
                }
                yield returned(Hex.word(BigInteger.valueOf(tokens.balanceOf(owner))));
            }
            case OWNER_OF -> returned(Hex.word(requireOwned(tokens, in.uint(0))));
            case GET_APPROVED -> {
                BigInteger tokenId = in.uint(0);
                requireOwned(tokens, tokenId);
                yield returned(Hex.word(tokens.approved(tokenId)));
            }
            case IS_APPROVED_FOR_ALL -> returned(bool(tokens.isOperator(in.address(0), in.address(1))));
            case SUPPORTS_INTERFACE -> {
                int id = in.bytes4(0);
                yield returned(bool(id == ERC165_INTERFACE || id == ERC721_INTERFACE));
            }
            case NAME -> returned(string(name));
            case TRANSFER_FROM ->
                transfer(tokens, collection, caller, in.address(0), in.address(1), in.uint(2), false, hasCode);
            case SAFE_TRANSFER_FROM ->
                transfer(tokens, collection, caller, in.address(0), in.address(1), in.uint(2), true, hasCode);
            case SAFE_TRANSFER_FROM_WITH_DATA -> {
                in.uint(3); // the offset of the bytes argument must be there
                yield transfer(tokens, collection, caller, in.address(0), in.address(1), in.uint(2), true, hasCode);
            }
            case APPROVE -> approve(tokens, collection, caller, in.address(0), in.uint(1));
            case SET_APPROVAL_FOR_ALL -> setApprovalForAll(tokens, collection, caller, in.address(0), in.bool(1));
            default -> throw new Revert(new byte[0]);
        };
    }

    private static CallResult transfer(
            WorldState.Tokens tokens,
            String collection,
            String caller,
            String from,
            String to,
            BigInteger tokenId,
            boolean safe,
            Predicate<String> hasCode) {
        if (to.equals(Hex.ZERO_ADDRESS)) {
            throw new Revert(error("ERC721InvalidReceiver(address)", Hex.word(to)));
        }
        String owner = tokens.owner(tokenId).orElse(null);
        if (owner == null) {
            throw new Revert(error("ERC721NonexistentToken(uint256)", Hex.word(tokenId)));
        }
        boolean authorised = owner.equals(caller)
                || tokens.isOperator(owner, caller)
                || tokens.approved(tokenId).equals(caller);
        if (!authorised) {
            throw new Revert(error("ERC721InsufficientApproval(address,uint256)", Hex.word(caller), Hex.word(tokenId)));
        }
        if (!owner.equals(from)) {
            throw new Revert(error(
                    "ERC721IncorrectOwner(address,uint256,address)",
                    Hex.word(from),
                    Hex.word(tokenId),
                    Hex.word(owner)));
        }
        if (safe && hasCode.test(to)) {
            // the receiver is a contract; the simulator's collections do not implement onERC721Received
            throw new Revert(error("ERC721InvalidReceiver(address)", Hex.word(to)));
        }
        tokens.setOwner(tokenId, to);
        return new CallResult.Returned(new byte[0], List.of(transferLog(collection, from, to, tokenId)));
    }

    private static CallResult approve(
            WorldState.Tokens tokens, String collection, String caller, String approved, BigInteger tokenId) {
        String owner = requireOwned(tokens, tokenId);
        if (!owner.equals(caller) && !tokens.isOperator(owner, caller)) {
            throw new Revert(error("ERC721InvalidApprover(address)", Hex.word(caller)));
        }
        tokens.approve(tokenId, approved);
        var log = new Log(
                collection,
                List.of(APPROVAL_TOPIC, Hex.wordHex(owner), Hex.wordHex(approved), Hex.wordHex(tokenId)),
                "0x");
        return new CallResult.Returned(new byte[0], List.of(log));
    }

    private static CallResult setApprovalForAll(
            WorldState.Tokens tokens, String collection, String caller, String operator, boolean approved) {
        if (operator.equals(Hex.ZERO_ADDRESS)) {
            throw new Revert(error("ERC721InvalidOperator(address)", Hex.word(operator)));
        }
        tokens.setOperator(caller, operator, approved);
        var log = new Log(
                collection,
                List.of(APPROVAL_FOR_ALL_TOPIC, Hex.wordHex(caller), Hex.wordHex(operator)),
                Hex.data(bool(approved)));
        return new CallResult.Returned(new byte[0], List.of(log));
    }

    private static String requireOwned(WorldState.Tokens tokens, BigInteger tokenId) {
        return tokens.owner(tokenId)
                .orElseThrow(() -> new Revert(error("ERC721NonexistentToken(uint256)", Hex.word(tokenId))));
    }

    private static CallResult returned(byte[] data) {
        return new CallResult.Returned(data, List.of());
    }

    private static byte[] bool(boolean value) {
        return Hex.word(value ? BigInteger.ONE : BigInteger.ZERO);
    }

    /** An ABI-encoded {@code string} return value. */
    private static byte[] string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 31) / 32 * 32;
        byte[] out = new byte[64 + padded];
        System.arraycopy(Hex.word(BigInteger.valueOf(32)), 0, out, 0, 32);
        System.arraycopy(Hex.word(BigInteger.valueOf(utf8.length)), 0, out, 32, 32);
        System.arraycopy(utf8, 0, out, 64, utf8.length);
        return out;
    }

    /** A Solidity custom error: the first four bytes of the signature's keccak, then the arguments. */
    static byte[] error(String signature, byte[]... args) {
        byte[] out = new byte[4 + 32 * args.length];
        System.arraycopy(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8)), 0, out, 0, 4);
        for (int i = 0; i < args.length; i++) {
            System.arraycopy(args[i], 0, out, 4 + 32 * i, 32);
        }
        return out;
    }

    /** Calldata read as Solidity's ABI decoder reads it: a short or malformed argument reverts with no data. */
    private record Calldata(byte[] input) {
        int selector() {
            if (input.length < 4) {
                throw new Revert(new byte[0]); // no fallback and no receive function
            }
            return ((input[0] & 0xff) << 24) | ((input[1] & 0xff) << 16) | ((input[2] & 0xff) << 8) | (input[3] & 0xff);
        }

        byte[] word(int index) {
            int start = 4 + 32 * index;
            if (input.length < start + 32) {
                throw new Revert(new byte[0]);
            }
            return Arrays.copyOfRange(input, start, start + 32);
        }

        BigInteger uint(int index) {
            return new BigInteger(1, word(index));
        }

        String address(int index) {
            byte[] word = word(index);
            requireZero(word, 0, 12);
            return Hex.data(Arrays.copyOfRange(word, 12, 32));
        }

        boolean bool(int index) {
            BigInteger value = uint(index);
            if (value.compareTo(BigInteger.ONE) > 0) {
                throw new Revert(new byte[0]);
            }
            return value.signum() == 1;
        }

        int bytes4(int index) {
            byte[] word = word(index);
            requireZero(word, 4, 32);
            return ((word[0] & 0xff) << 24) | ((word[1] & 0xff) << 16) | ((word[2] & 0xff) << 8) | (word[3] & 0xff);
        }

        private static void requireZero(byte[] word, int from, int to) {
            for (int i = from; i < to; i++) {
                if (word[i] != 0) {
                    throw new Revert(new byte[0]);
                }
            }
        }
    }

    /** A revert unwinding the call; caught in {@link #call}, never leaves this class. */
    private static final class Revert extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        private final byte[] data;

        Revert(byte[] data) {
            super(null, null, false, false);
            this.data = data;
        }
    }
}
