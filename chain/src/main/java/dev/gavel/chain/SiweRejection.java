package dev.gavel.chain;

/** Why a signed sign-in message was not accepted, in words the person linking a wallet can act on. */
public enum SiweRejection {
    MALFORMED_MESSAGE("the sign-in message is not in the Sign-In with Ethereum format; ask for a new one and sign it"
            + " without changing it"),
    MALFORMED_SIGNATURE(
            "the signature is not a valid Ethereum signature; send the whole 0x… value your wallet gave" + " you"),
    WRONG_DOMAIN("the message was made for another site; sign the message Gavel gave you"),
    WRONG_CHAIN("the message is for another network; sign the message Gavel gave you, on the network it names"),
    WRONG_ADDRESS("the signature does not come from the wallet being linked; sign with that wallet"),
    EXPIRED("the message has expired; ask for a new one"),
    NOT_YET_VALID("the message is not valid yet; wait until its Not Before time or ask for a new one"),
    ISSUED_IN_FUTURE("the message says it was made in the future; check your device's clock and ask for a new one");

    private final String words;

    SiweRejection(String words) {
        this.words = words;
    }

    /** A sentence the person linking a wallet reads in a reply or on the page. */
    public String words() {
        return words;
    }
}
