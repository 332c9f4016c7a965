-- On-chain funds and settlement: what the chain watchers read, deposits on their way to the ledger,
-- NFT ownership, settlement transactions. Hashes and addresses are stored lower case.

-- How far each follower (deposits of an escrow, events of a collection) has read, and the hashes of the
-- blocks it read recently, so that a reorg is found by comparing them with the chain.
CREATE TABLE chain_followers (
    name         text PRIMARY KEY,
    block_number bigint      NOT NULL CHECK (block_number >= 0),
    block_hash   text        NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE chain_blocks (
    follower     text   NOT NULL REFERENCES chain_followers (name) ON DELETE CASCADE,
    block_number bigint NOT NULL,
    block_hash   text   NOT NULL,
    PRIMARY KEY (follower, block_number)
);

-- A transfer into an escrow address, from the block it was seen in until it counts (or never does).
-- log_index is -1 for native ETH, the log's index for an ERC-20 transfer.
CREATE TABLE chain_deposits (
    chain_id      bigint         NOT NULL,
    tx_hash       text           NOT NULL CHECK (tx_hash ~ '^0x[0-9a-f]{64}$'),
    log_index     int            NOT NULL,
    escrow        text           NOT NULL,
    token         text,
    from_address  text           NOT NULL,
    amount        numeric(78, 0) NOT NULL CHECK (amount >= 0),
    block_number  bigint         NOT NULL,
    block_hash    text           NOT NULL,
    status        text           NOT NULL
        CHECK (status IN ('PENDING', 'HELD', 'CREDITED', 'REORGED', 'FAILED')),
    bidder_id     uuid REFERENCES bidders (id),
    note          text,
    seen_at       timestamptz    NOT NULL,
    settled_at    timestamptz,
    PRIMARY KEY (chain_id, tx_hash, log_index)
);
CREATE INDEX chain_deposits_open ON chain_deposits (status) WHERE status IN ('PENDING', 'HELD');
CREATE INDEX chain_deposits_from ON chain_deposits (from_address);
CREATE INDEX chain_deposits_bidder ON chain_deposits (bidder_id);

-- Who holds each token of the collections Gavel follows, and who may move it.
CREATE TABLE nft_tokens (
    chain_id     bigint  NOT NULL,
    contract     text    NOT NULL,
    token_id     numeric(78, 0) NOT NULL,
    owner        text    NOT NULL,
    approved     text,
    block_number bigint  NOT NULL,
    log_index    int     NOT NULL,
    PRIMARY KEY (chain_id, contract, token_id)
);

CREATE TABLE nft_operators (
    chain_id bigint  NOT NULL,
    contract text    NOT NULL,
    owner    text    NOT NULL,
    operator text    NOT NULL,
    approved boolean NOT NULL,
    PRIMARY KEY (chain_id, contract, owner, operator)
);

-- Settlement of a finished auction, and refunds: one row per transaction (the NFT to the winner, the payout,
-- a refund). A row is PLANNED; with a signer it is SENT (nonce, fees and the signed bytes are saved before
-- the broadcast, so a restart re-broadcasts rather than re-signs), then CONFIRMED or FAILED; without one it
-- waits for an operator, who marks it MANUAL_DONE by tx hash after Gavel has checked that transaction.
CREATE TABLE settlement_transfers (
    id          uuid PRIMARY KEY,
    auction_id  uuid REFERENCES auctions (id),
    bidder_id   uuid REFERENCES bidders (id),
    kind        text           NOT NULL CHECK (kind IN ('NFT_TRANSFER', 'PAYOUT', 'REFUND')),
    chain_id    bigint         NOT NULL,
    sender      text           NOT NULL,
    to_address  text           NOT NULL,
    recipient   text           NOT NULL,
    contract    text,
    token_id    numeric(78, 0),
    value       numeric(78, 0) NOT NULL DEFAULT 0,
    data        text           NOT NULL DEFAULT '0x',
    status      text           NOT NULL
        CHECK (status IN ('PLANNED', 'SENT', 'CONFIRMED', 'FAILED', 'MANUAL_DONE')),
    nonce       bigint,
    tx_hash     text,
    tx_hashes   text[]         NOT NULL DEFAULT '{}',
    raw_tx      text,
    gas_limit   numeric(78, 0),
    max_fee     numeric(78, 0),
    tip         numeric(78, 0),
    attempts    int            NOT NULL DEFAULT 0,
    sent_at     timestamptz,
    reason      text,
    request_key text,
    created_at  timestamptz    NOT NULL,
    updated_at  timestamptz    NOT NULL
);
CREATE UNIQUE INDEX settlement_transfers_auction_kind ON settlement_transfers (auction_id, kind)
    WHERE auction_id IS NOT NULL;
CREATE INDEX settlement_transfers_open ON settlement_transfers (status) WHERE status IN ('PLANNED', 'SENT');
CREATE UNIQUE INDEX settlement_transfers_nonce ON settlement_transfers (chain_id, sender, nonce)
    WHERE nonce IS NOT NULL AND status IN ('PLANNED', 'SENT');
-- One transaction settles one transfer: a hand-executed payout cannot be posted as done for two auctions.
CREATE UNIQUE INDEX settlement_transfers_done_tx ON settlement_transfers (chain_id, tx_hash)
    WHERE status IN ('CONFIRMED', 'MANUAL_DONE');
-- A refund retried with the same Idempotency-Key is the same refund.
CREATE UNIQUE INDEX settlement_transfers_request ON settlement_transfers (bidder_id, request_key)
    WHERE request_key IS NOT NULL;


-- Bids paid by tx hash wait here until their payment is confirmed (or refused, or times out); only then
-- do they go on to the sequencer. Kept in PostgreSQL so a restart resumes the wait instead of losing the bid.
CREATE TABLE payment_waits (
    source      text           NOT NULL,
    external_id text           NOT NULL,
    auction_id  uuid           NOT NULL REFERENCES auctions (id),
    bidder_id   uuid           NOT NULL REFERENCES bidders (id),
    amount      numeric(78, 0) NOT NULL,
    event_time  timestamptz    NOT NULL,
    received_at timestamptz    NOT NULL,
    tx_hash     text           NOT NULL CHECK (tx_hash ~ '^0x[0-9a-f]{64}$'),
    wallet      text           NOT NULL,
    deadline    timestamptz    NOT NULL,
    last_state  text,
    PRIMARY KEY (source, external_id)
);

-- Which bidder and auction each payment transaction backs: one transaction pays for the bids of one bidder
-- in one auction (a raise may name it again), never for bids elsewhere.
CREATE TABLE payment_uses (
    chain_id   bigint NOT NULL,
    tx_hash    text   NOT NULL,
    bidder_id  uuid   NOT NULL REFERENCES bidders (id),
    auction_id uuid   NOT NULL REFERENCES auctions (id),
    PRIMARY KEY (chain_id, tx_hash)
);

-- Whether Gavel can hand over each auction's NFT: checked before the auction starts (and again while it
-- runs) against the ownership the collection follower keeps and the chain itself.
CREATE TABLE artwork_custody (
    auction_id   uuid PRIMARY KEY REFERENCES auctions (id),
    contract     text           NOT NULL,
    token_id     numeric(78, 0) NOT NULL,
    owner        text,
    operator     text           NOT NULL,
    transferable boolean        NOT NULL,
    reason       text           NOT NULL,
    checked_at   timestamptz    NOT NULL
);
