package dev.gavel.server.x;

import dev.gavel.core.time.Eastern;
import dev.gavel.server.identity.WalletLinking;
import dev.gavel.social.LinkPost;
import dev.gavel.social.notice.Notices;
import dev.gavel.social.x.Tweet;
import dev.gavel.social.x.XClient;
import dev.gavel.social.x.XUser;
import dev.gavel.store.identity.IdentityStore;
import dev.gavel.store.x.XCheckpoints;
import dev.gavel.store.x.XOutbox;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The wallet-linking flow on X (AUCTIONS.md): reads the host's mentions; {@code link 0x…} (or {@code relink
 * 0x…}) gets a nonce and a reply pointing to the message to sign; a later reply carrying the signature links
 * the wallet. Every answer goes through the outbox, one per post. The mentions checkpoint moves only after the
 * answers are queued, so a restart misses nothing. One polling thread.
 */
public final class XLinkChannel implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private final XClient x;
    private final String hostUserId;
    private final XAccounts accounts;
    private final WalletLinking linking;
    private final IdentityStore identities;
    private final XOutbox outbox;
    private final XCheckpoints checkpoints;
    private final URI publicUrl;
    private final Clock clock;
    private final XPolling polling;

    public XLinkChannel(
            XClient x,
            String hostUserId,
            XAccounts accounts,
            WalletLinking linking,
            IdentityStore identities,
            XOutbox outbox,
            XCheckpoints checkpoints,
            URI publicUrl,
            Clock clock,
            Duration interval) {
        this.x = x;
        this.hostUserId = hostUserId;
        this.accounts = accounts;
        this.linking = linking;
        this.identities = identities;
        this.outbox = outbox;
        this.checkpoints = checkpoints;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.polling = new XPolling("x-link-channel", clock, interval);
    }

    public void start() {
        polling.start(this::pollOnce);
    }

    /** One pass over new mentions; returns how many were part of the linking flow. */
    public int pollOnce() {
        String stream = "mentions:" + hostUserId;
        Optional<String> since = checkpoints.sinceId(stream);
        var read = XRead.all(next -> x.mentions(hostUserId, since, next), polling::running);
        int handled = 0;
        for (Tweet post : read.posts()) {
            if (!post.authorId().equals(hostUserId) && handle(post, read.users())) {
                handled++;
            }
        }
        read.newestId().ifPresent(id -> checkpoints.advance(stream, id, clock.instant()));
        return handled;
    }

    private boolean handle(Tweet post, Map<String, XUser> users) {
        String answer;
        switch (LinkPost.parse(post.text())) {
            case LinkPost.Request request -> {
                var bidder = accounts.bidderFor(post.authorId(), users.get(post.authorId()));
                if (bidder.wallet().isPresent()
                        && !request.relink()
                        && !bidder.wallet().get().equalsIgnoreCase(request.address())) {
                    answer = "@" + bidder.handle() + " is linked to "
                            + bidder.wallet().get() + " already. To replace it, reply: relink " + request.address();
                } else {
                    answer = switch (linking.issue(bidder, request.address(), "x")) {
                        case WalletLinking.Issue.Issued issued ->
                            "To link " + issued.nonce().address() + " to @"
                                    + bidder.handle() + ", sign the message at " + publicUrl + "/link.html?nonce="
                                    + issued.nonce().nonce()
                                    + " with that wallet and reply here with the signature. It expires at "
                                    + TIME.format(issued.nonce().expiresAt().atZone(Eastern.ZONE)) + " ET.";
                        case WalletLinking.Issue.BadAddress bad -> "That address does not work: " + bad.reason() + ".";
                    };
                }
            }
            case LinkPost.Signature signature -> {
                var bidder = accounts.bidderFor(post.authorId(), users.get(post.authorId()));
                var pending = identities.pending(bidder.id(), "x", clock.instant());
                if (pending.isEmpty()) {
                    answer = "No link request is waiting for @" + bidder.handle()
                            + " (or it expired). Reply: link 0xYourWalletAddress";
                } else {
                    answer = switch (linking.link(
                            bidder,
                            pending.get().message(),
                            signature.signature(),
                            true,
                            "x",
                            "x:" + post.authorId())) {
                        case WalletLinking.Result.Linked linked ->
                            "Linked: @" + bidder.handle() + " bids with "
                                    + linked.wallet()
                                    + linked.previousWallet()
                                            .map(p -> " (instead of " + p + ")")
                                            .orElse("")
                                    + ". Deposit ETH to the escrow to back your bids.";
                        case WalletLinking.Result.Refused refused -> "Not linked: " + refused.message() + ".";
                    };
                }
            }
            case LinkPost.BadAddress bad ->
                answer = "That is not a wallet address: " + bad.written() + ". An address is 0x and 40 hex digits.";
            case LinkPost.Other other -> {
                return false;
            }
        }
        outbox.enqueue(List.of(XNotices.entry(Notices.linkReply(post.firstVersionId(), answer), clock)));
        return true;
    }

    @Override
    public void close() {
        polling.close();
    }
}
