package dev.gavel.chain;

import java.math.BigInteger;

/**
 * The ERC-721 calls and events Gavel uses, ABI-encoded by hand (address and uint256 arguments only). An
 * ERC-721 {@code Transfer} shares topic 0 with ERC-20's; ERC-721's has four topics (the token id indexed),
 * ERC-20's three.
 */
public final class Erc721 {
    public static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    public static final String APPROVAL_TOPIC = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    public static final String APPROVAL_FOR_ALL_TOPIC =
            "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31";

    private Erc721() {}

    public static String ownerOf(BigInteger tokenId) {
        return "0x6352211e" + Hex.wordOf(tokenId);
    }

    public static String getApproved(BigInteger tokenId) {
        return "0x081812fc" + Hex.wordOf(tokenId);
    }

    public static String isApprovedForAll(String owner, String operator) {
        return "0xe985e9c5" + Hex.wordOfAddress(owner) + Hex.wordOfAddress(operator);
    }

    public static String transferFrom(String from, String to, BigInteger tokenId) {
        return "0x23b872dd" + Hex.wordOfAddress(from) + Hex.wordOfAddress(to) + Hex.wordOf(tokenId);
    }

    /** Whether {@code log} is an ERC-721 {@code Transfer} (four topics, not ERC-20's three). */
    public static boolean isTransfer(EventLog log) {
        return log.topics().size() == 4 && log.topics().getFirst().equals(TRANSFER_TOPIC);
    }

    /** The token id of an ERC-721 {@code Transfer} or {@code Approval}. */
    public static BigInteger tokenIdOf(EventLog log) {
        return Hex.toBigInteger("0x" + log.topics().get(3).substring(2));
    }
}
