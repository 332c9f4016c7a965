package dev.gavel.server.identity;

import dev.gavel.chain.AddressCheck;
import dev.gavel.chain.SiweMessage;
import dev.gavel.chain.SiweOutcome;
import dev.gavel.chain.SiweVerifier;
import dev.gavel.chain.Wallets;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.identity.IdentityStore;
import dev.gavel.store.identity.IssuedNonce;
import dev.gavel.store.identity.LinkOutcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Links a bidder's X account to a wallet the way AUCTIONS.md describes: Gavel issues a SIWE (EIP-4361)
 * message with a fresh nonce for the bidder and address, the wallet signs it, Gavel recovers the signer and
 * links it — nonce fresh, single use, issued to that bidder for that address; domain and chain are Gavel's.
 * Replacing a linked wallet must be asked for. Thread-safe.
 */
public final class WalletLinking {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final IdentityStore store;
    private final GavelConfig.Identity config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SiweVerifier verifier = new SiweVerifier();

    public WalletLinking(IdentityStore store, GavelConfig.Identity config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** What asking for a nonce came to. */
    public sealed interface Issue {
        record Issued(IssuedNonce nonce) implements Issue {}

        record BadAddress(String reason) implements Issue {}
    }

    /** What a link attempt came to; {@code code} is stable for API clients, {@code message} is for people. */
    public sealed interface Result {
        record Linked(String wallet, Optional<String> previousWallet) implements Result {}

        record Refused(Refusal refusal, String message) implements Result {}
    }

    /** Why a link was refused. */
    public enum Refusal {
        BAD_MESSAGE,
        BAD_SIGNATURE,
        WRONG_DOMAIN,
        WRONG_CHAIN,
        WRONG_ADDRESS,
        EXPIRED,
        NOT_YET_VALID,
        UNKNOWN_NONCE,
        NONCE_USED,
        NOT_YOUR_NONCE,
        RELINK_REQUIRED,
        WALLET_TAKEN
    }

    /** A nonce and the message to sign, for {@code bidder} and the wallet at {@code address}. */
    public Issue issue(Bidder bidder, String address, String via) {
        var checked = Wallets.check(address);
        if (checked instanceof AddressCheck.Invalid invalid) {
            return new Issue.BadAddress(invalid.reason());
        }
        String wallet = checked.address().orElseThrow();
        Instant now = clock.instant();
        String nonce = nonce();
        var message = SiweMessage.of(
                        config.domain(), wallet, config.publicUrl() + "/link.html", config.chainId(), nonce, now)
                .withStatement("Link this wallet to @" + bidder.handle() + " for bidding in Gavel auctions.")
                .withExpirationTime(now.plus(config.nonceTtl()));
        var issued = new IssuedNonce(
                nonce, bidder.id(), wallet, message.text(), via, now, now.plus(config.nonceTtl()), Optional.empty());
        store.issue(issued);
        return new Issue.Issued(issued);
    }

    /** Checks the signed message and links its signer to {@code bidder}. */
    public Result link(Bidder bidder, String messageText, String signature, boolean relink, String via, String actor) {
        Instant now = clock.instant();
        var outcome = verifier.verify(
                messageText,
                signature,
                SiweVerifier.Expectation.of(config.domain(), config.chainId())
                        .withScheme(config.publicUrl().getScheme()),
                now);
        if (outcome instanceof SiweOutcome.Rejected rejected) {
            return new Result.Refused(refusal(rejected), rejected.reason().words() + detail(rejected.detail()));
        }
        var verified = (SiweOutcome.Verified) outcome;
        String nonce = verified.message().nonce();
        var issued = store.find(nonce);
        if (issued.isEmpty()) {
            return new Result.Refused(
                    Refusal.UNKNOWN_NONCE, "Gavel did not issue this message's nonce; ask for a new one");
        }
        if (!issued.get().address().equalsIgnoreCase(verified.address())) {
            return new Result.Refused(
                    Refusal.WRONG_ADDRESS,
                    "the nonce was issued for " + issued.get().address() + ", but " + verified.address() + " signed");
        }
        var detail = new LinkedHashMap<String, String>();
        detail.put("via", via);
        detail.put("nonce", nonce);
        detail.put("signature", signature);
        return switch (store.link(nonce, bidder.id(), verified.address(), relink, actor, detail, now)) {
            case LinkOutcome.Linked l -> new Result.Linked(l.wallet(), l.previousWallet());
            case LinkOutcome.AlreadyLinked a -> new Result.Linked(a.wallet(), Optional.empty());
            case LinkOutcome.UnknownNonce u ->
                new Result.Refused(
                        Refusal.UNKNOWN_NONCE, "Gavel did not issue this message's nonce; ask for a new one");
            case LinkOutcome.NonceOfAnotherBidder o ->
                new Result.Refused(Refusal.NOT_YOUR_NONCE, "this message was issued to another bidder");
            case LinkOutcome.NonceUsed u ->
                new Result.Refused(Refusal.NONCE_USED, "this message was used already; ask for a new one");
            case LinkOutcome.NonceExpired e ->
                new Result.Refused(Refusal.EXPIRED, "this message expired; ask for a new one");
            case LinkOutcome.RelinkRequired r ->
                new Result.Refused(
                        Refusal.RELINK_REQUIRED,
                        "@" + bidder.handle() + " is linked to " + r.currentWallet()
                                + " already; ask to relink to replace it");
            case LinkOutcome.WalletTaken t ->
                new Result.Refused(Refusal.WALLET_TAKEN, "this wallet is linked to another account");
        };
    }

    private static Refusal refusal(SiweOutcome.Rejected rejected) {
        return switch (rejected.reason()) {
            case MALFORMED_MESSAGE -> Refusal.BAD_MESSAGE;
            case MALFORMED_SIGNATURE -> Refusal.BAD_SIGNATURE;
            case WRONG_DOMAIN -> Refusal.WRONG_DOMAIN;
            case WRONG_CHAIN -> Refusal.WRONG_CHAIN;
            case WRONG_ADDRESS -> Refusal.WRONG_ADDRESS;
            case EXPIRED -> Refusal.EXPIRED;
            case NOT_YET_VALID, ISSUED_IN_FUTURE -> Refusal.NOT_YET_VALID;
        };
    }

    private static String detail(String detail) {
        return detail == null || detail.isBlank() ? "" : " (" + detail + ")";
    }

    private String nonce() {
        var out = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
