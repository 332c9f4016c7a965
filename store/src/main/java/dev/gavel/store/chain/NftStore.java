package dev.gavel.store.chain;

import dev.gavel.store.Database;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * NFT ownership as the collection follower read it from {@code Transfer}, {@code Approval} and
 * {@code ApprovalForAll} events, the auctions' artworks, and whether Gavel can transfer each. Thread-safe.
 */
public final class NftStore {
    private final Jdbi jdbi;

    public NftStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A token as last seen: its owner and the one address approved for it. */
    public record Token(
            String contract, BigInteger tokenId, String owner, Optional<String> approved, long blockNumber) {}

    /** An auction's artwork on chain, from its {@code artwork.contract} and {@code artwork.tokenId}. */
    public record Artwork(UUID auctionId, String status, Instant startsAt, String contract, BigInteger tokenId) {}

    /** The custody check of one auction's artwork. */
    public record Custody(
            UUID auctionId,
            String contract,
            BigInteger tokenId,
            Optional<String> owner,
            String operator,
            boolean transferable,
            String reason,
            Instant checkedAt) {}

    /** Artworks of auctions not finished yet that name a contract and a token id. */
    public List<Artwork> openArtworks() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, status, starts_at, lower(artwork->>'contract') AS contract, artwork->>'tokenId' AS token
                        FROM auctions
                        WHERE status NOT IN ('COMPLETED', 'CANCELLED')
                          AND artwork->>'contract' ~ '^0x[0-9a-fA-F]{40}$' AND artwork->>'tokenId' ~ '^[0-9]{1,78}$'""")
                .map((rs, ctx) -> new Artwork(
                        rs.getObject("id", UUID.class),
                        rs.getString("status"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getString("contract"),
                        new BigInteger(rs.getString("token"))))
                .list());
    }

    /** The artwork of one auction, whatever its status. */
    public Optional<Artwork> artworkOf(UUID auctionId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, status, starts_at, lower(artwork->>'contract') AS contract, artwork->>'tokenId' AS token
                        FROM auctions
                        WHERE id = :id
                          AND artwork->>'contract' ~ '^0x[0-9a-fA-F]{40}$' AND artwork->>'tokenId' ~ '^[0-9]{1,78}$'""")
                .bind("id", auctionId)
                .map((rs, ctx) -> new Artwork(
                        rs.getObject("id", UUID.class),
                        rs.getString("status"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getString("contract"),
                        new BigInteger(rs.getString("token"))))
                .findOne());
    }

    /** A {@code Transfer}: the token has a new owner and no approved address. */
    public void transferred(long chainId, String contract, BigInteger tokenId, String to, long block, int logIndex) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO nft_tokens (chain_id, contract, token_id, owner, approved, block_number, log_index)
                        VALUES (:chain, :contract, :token, :owner, NULL, :block, :log)
                        ON CONFLICT (chain_id, contract, token_id) DO UPDATE SET owner = EXCLUDED.owner, approved = NULL,
                            block_number = EXCLUDED.block_number, log_index = EXCLUDED.log_index
                        WHERE (nft_tokens.block_number, nft_tokens.log_index) < (EXCLUDED.block_number, EXCLUDED.log_index)""")
                .bind("chain", chainId)
                .bind("contract", contract)
                .bind("token", new BigDecimal(tokenId))
                .bind("owner", to)
                .bind("block", block)
                .bind("log", logIndex)
                .execute());
    }

    /** An {@code Approval}: {@code approved} may transfer the token (the zero address clears it). */
    public void approved(
            long chainId,
            String contract,
            BigInteger tokenId,
            String owner,
            String approved,
            long block,
            int logIndex) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO nft_tokens (chain_id, contract, token_id, owner, approved, block_number, log_index)
                        VALUES (:chain, :contract, :token, :owner, :approved, :block, :log)
                        ON CONFLICT (chain_id, contract, token_id) DO UPDATE SET approved = EXCLUDED.approved,
                            block_number = EXCLUDED.block_number, log_index = EXCLUDED.log_index
                        WHERE (nft_tokens.block_number, nft_tokens.log_index) < (EXCLUDED.block_number, EXCLUDED.log_index)""")
                .bind("chain", chainId)
                .bind("contract", contract)
                .bind("token", new BigDecimal(tokenId))
                .bind("owner", owner)
                .bind("approved", approved.equals("0x" + "0".repeat(40)) ? null : approved)
                .bind("block", block)
                .bind("log", logIndex)
                .execute());
    }

    /** An {@code ApprovalForAll}: {@code operator} may (or may no longer) move all of {@code owner}'s tokens. */
    public void operator(long chainId, String contract, String owner, String operator, boolean approved) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO nft_operators (chain_id, contract, owner, operator, approved)
                        VALUES (:chain, :contract, :owner, :operator, :approved)
                        ON CONFLICT (chain_id, contract, owner, operator) DO UPDATE SET approved = EXCLUDED.approved""")
                .bind("chain", chainId)
                .bind("contract", contract)
                .bind("owner", owner)
                .bind("operator", operator)
                .bind("approved", approved)
                .execute());
    }

    public Optional<Token> token(long chainId, String contract, BigInteger tokenId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT contract, token_id, owner, approved, block_number FROM nft_tokens
                        WHERE chain_id = :chain AND contract = :contract AND token_id = :token""")
                .bind("chain", chainId)
                .bind("contract", contract)
                .bind("token", new BigDecimal(tokenId))
                .map((rs, ctx) -> new Token(
                        rs.getString("contract"),
                        rs.getBigDecimal("token_id").toBigIntegerExact(),
                        rs.getString("owner"),
                        Optional.ofNullable(rs.getString("approved")),
                        rs.getLong("block_number")))
                .findOne());
    }

    public boolean isOperator(long chainId, String contract, String owner, String operator) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT approved FROM nft_operators
                        WHERE chain_id = :chain AND contract = :contract AND owner = :owner AND operator = :operator""")
                .bind("chain", chainId)
                .bind("contract", contract)
                .bind("owner", owner)
                .bind("operator", operator)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }

    public void recordCustody(Custody c) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO artwork_custody (auction_id, contract, token_id, owner, operator, transferable, reason, checked_at)
                        VALUES (:auction, :contract, :token, :owner, :operator, :ok, :reason, :at)
                        ON CONFLICT (auction_id) DO UPDATE SET contract = EXCLUDED.contract, token_id = EXCLUDED.token_id,
                            owner = EXCLUDED.owner, operator = EXCLUDED.operator, transferable = EXCLUDED.transferable,
                            reason = EXCLUDED.reason, checked_at = EXCLUDED.checked_at""")
                .bind("auction", c.auctionId())
                .bind("contract", c.contract())
                .bind("token", new BigDecimal(c.tokenId()))
                .bind("owner", c.owner().orElse(null))
                .bind("operator", c.operator())
                .bind("ok", c.transferable())
                .bind("reason", c.reason())
                .bind("at", Timestamp.from(c.checkedAt()))
                .execute());
    }

    public Optional<Custody> custody(UUID auctionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM artwork_custody WHERE auction_id = :id")
                .bind("id", auctionId)
                .map((rs, ctx) -> new Custody(
                        rs.getObject("auction_id", UUID.class),
                        rs.getString("contract"),
                        rs.getBigDecimal("token_id").toBigIntegerExact(),
                        Optional.ofNullable(rs.getString("owner")),
                        rs.getString("operator"),
                        rs.getBoolean("transferable"),
                        rs.getString("reason"),
                        rs.getTimestamp("checked_at").toInstant()))
                .findOne());
    }
}
