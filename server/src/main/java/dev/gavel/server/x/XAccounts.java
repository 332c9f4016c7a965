package dev.gavel.server.x;

import dev.gavel.social.x.XUser;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderCreation;
import dev.gavel.store.auction.BidderStore;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** X accounts as bidders: each account that posts a bid or a link request is one bidder. Thread-safe. */
public final class XAccounts {
    private final BidderStore bidders;
    private final Clock clock;

    public XAccounts(BidderStore bidders, Clock clock) {
        this.bidders = bidders;
        this.clock = clock;
    }

    /** The bidder behind an X account, made on first sight; its account age is noted from X. */
    public Bidder bidderFor(String xUserId, XUser user) {
        var existing = bidders.findByXUser(xUserId);
        if (existing.isPresent()) {
            if (existing.get().xAccountCreatedAt().isEmpty() && user != null) {
                user.createdAt()
                        .ifPresent(
                                at -> bidders.noteXAccountCreated(existing.get().id(), at));
            }
            return existing.get();
        }
        String base = user == null || user.username().isBlank()
                ? "x_" + xUserId
                : user.username().replaceAll("[^A-Za-z0-9_]", "_");
        for (int attempt = 0; attempt < 20; attempt++) {
            String handle = attempt == 0 ? base : base + "_" + (attempt + 1);
            var created = bidders.create(new Bidder(
                    UUID.randomUUID(),
                    handle,
                    Optional.empty(),
                    Optional.of(xUserId),
                    Optional.empty(),
                    clock.instant(),
                    Optional.empty(),
                    user == null ? Optional.empty() : user.createdAt()));
            if (created instanceof BidderCreation.Created c) {
                return c.bidder();
            }
            var raced = bidders.findByXUser(xUserId);
            if (raced.isPresent()) {
                return raced.get();
            }
        }
        throw new IllegalStateException("no free bidder handle for X user " + xUserId);
    }
}
