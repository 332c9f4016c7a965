package dev.gavel.store.auction;

import static dev.gavel.store.auction.Sql.instant;
import static dev.gavel.store.auction.Sql.ts;
import static dev.gavel.store.auction.Sql.uuid;

import dev.gavel.auction.CampaignPlan;
import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Campaigns in PostgreSQL; a campaign and its day auctions are stored in one transaction. Thread-safe. */
public final class CampaignStore {
    private final DataSource dataSource;
    private final AuctionStore auctions;

    public CampaignStore(Database database, AuctionStore auctions) {
        this.dataSource = database.dataSource();
        this.auctions = auctions;
    }

    /** Stores the campaign with one auction per day; false (and nothing stored) when a hashtag is taken. */
    public boolean insert(StoredCampaign campaign, List<StoredAuction> days) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("""
                    INSERT INTO campaigns (id, name, project, collection, start_date, days, zone, auction_start, auction_end, escrow_address, chain_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                var p = campaign.plan();
                ps.setObject(1, campaign.id());
                ps.setString(2, campaign.name());
                ps.setString(3, campaign.project().orElse(null));
                ps.setString(4, campaign.collection().orElse(null));
                ps.setObject(5, p.startDate());
                ps.setInt(6, p.days());
                ps.setString(7, p.zone().getId());
                ps.setObject(8, p.auctionStart());
                ps.setObject(9, p.auctionEnd());
                ps.setString(10, campaign.escrowAddress().orElse(null));
                Sql.setNullable(ps, 11, campaign.chainId().orElse(null), Types.BIGINT);
                ps.setTimestamp(12, ts(campaign.createdAt()));
                ps.executeUpdate();
                for (StoredAuction day : days) {
                    if (auctions.insert(c, day) == AuctionStore.Created.HASHTAG_TAKEN) {
                        c.rollback();
                        return false;
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store campaign " + campaign.name() + ": " + e.getMessage(), e);
        }
    }

    public Optional<StoredCampaign> find(UUID id) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT * FROM campaigns WHERE id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(campaign(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read campaign " + id + ": " + e.getMessage(), e);
        }
    }

    /** Sets the artwork of one day's auction; false when the campaign has no such day. */
    public boolean assignArtwork(UUID campaignId, int day, String artworkJson) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE auctions SET artwork = ?::jsonb, updated_at = now() WHERE campaign_id = ? AND day_number = ?")) {
            ps.setString(1, artworkJson);
            ps.setObject(2, campaignId);
            ps.setInt(3, day);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not assign artwork: " + e.getMessage(), e);
        }
    }

    static StoredCampaign campaign(ResultSet rs) throws SQLException {
        var plan = new CampaignPlan(
                rs.getObject("start_date", java.time.LocalDate.class),
                rs.getInt("days"),
                ZoneId.of(rs.getString("zone")),
                rs.getObject("auction_start", java.time.LocalTime.class),
                rs.getObject("auction_end", java.time.LocalTime.class));
        long chain = rs.getLong("chain_id");
        Optional<Long> chainId = rs.wasNull() ? Optional.empty() : Optional.of(chain);
        return new StoredCampaign(
                uuid(rs, "id"),
                rs.getString("name"),
                Optional.ofNullable(rs.getString("project")),
                Optional.ofNullable(rs.getString("collection")),
                plan,
                Optional.ofNullable(rs.getString("escrow_address")),
                chainId,
                instant(rs, "created_at"));
    }
}
