-- The auction house: bidders and their funds, campaigns, auctions, the bid log, admin actions.
-- Amounts are wei in numeric(78,0): every uint256 fits, nothing is floating point.

CREATE TABLE bidders (
    id          uuid PRIMARY KEY,
    handle      text        NOT NULL CHECK (length(handle) BETWEEN 1 AND 64),
    user_id     uuid        UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    x_user_id   text        UNIQUE,
    wallet      text        CHECK (wallet IS NULL OR wallet ~ '^0x[0-9a-fA-F]{40}$'),
    created_at  timestamptz NOT NULL,
    banned_at   timestamptz
);
CREATE UNIQUE INDEX bidders_handle_unique ON bidders (lower(handle));

-- Running totals per bidder; reservations are rows of their own (one per auction they lead).
CREATE TABLE bidder_funds (
    bidder_id uuid PRIMARY KEY REFERENCES bidders (id) ON DELETE CASCADE,
    deposits  numeric(78, 0) NOT NULL DEFAULT 0 CHECK (deposits >= 0),
    captured  numeric(78, 0) NOT NULL DEFAULT 0 CHECK (captured >= 0),
    withdrawn numeric(78, 0) NOT NULL DEFAULT 0 CHECK (withdrawn >= 0)
);

-- Every credited deposit, by its natural key (a tx hash later; an admin's reference today).
CREATE TABLE deposits (
    id          uuid PRIMARY KEY,
    bidder_id   uuid           NOT NULL REFERENCES bidders (id),
    amount      numeric(78, 0) NOT NULL CHECK (amount > 0),
    source      text           NOT NULL,
    reference   text           NOT NULL,
    credited_at timestamptz    NOT NULL,
    UNIQUE (source, reference)
);

CREATE TABLE campaigns (
    id             uuid PRIMARY KEY,
    name           text        NOT NULL,
    project        text,
    collection     text,
    start_date     date        NOT NULL,
    days           int         NOT NULL CHECK (days BETWEEN 1 AND 366),
    zone           text        NOT NULL,
    auction_start  time        NOT NULL,
    auction_end    time        NOT NULL,
    escrow_address text,
    chain_id       bigint,
    created_at     timestamptz NOT NULL
);

CREATE TABLE auctions (
    id                     uuid PRIMARY KEY,
    campaign_id            uuid REFERENCES campaigns (id),
    day_number             int,
    name                   text           NOT NULL,
    hashtag                text,
    artwork                jsonb          NOT NULL DEFAULT '{}',
    status                 text           NOT NULL,
    starts_at              timestamptz    NOT NULL,
    original_ends_at       timestamptz    NOT NULL,
    ends_at                timestamptz    NOT NULL,
    extensions             int            NOT NULL DEFAULT 0,
    starting_price         numeric(78, 0) NOT NULL,
    reserve_price          numeric(78, 0) NOT NULL,
    min_increment_percent  numeric(7, 3),
    min_increment_amount   numeric(78, 0),
    anti_snipe_window_s    int            NOT NULL,
    anti_snipe_extension_s int            NOT NULL,
    anti_snipe_max         int,
    grace_s                int            NOT NULL,
    require_funds          boolean        NOT NULL,
    highest_bid_id         uuid,
    highest_bidder_id      uuid,
    highest_amount         numeric(78, 0),
    highest_event_time     timestamptz,
    bid_count              int            NOT NULL DEFAULT 0,
    version                bigint         NOT NULL DEFAULT 0,
    lease_token            bigint         NOT NULL DEFAULT 0,
    created_at             timestamptz    NOT NULL,
    updated_at             timestamptz    NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (min_increment_percent IS NOT NULL OR min_increment_amount IS NOT NULL)
);
CREATE UNIQUE INDEX auctions_hashtag_unique ON auctions (lower(hashtag)) WHERE hashtag IS NOT NULL;
CREATE UNIQUE INDEX auctions_campaign_day ON auctions (campaign_id, day_number) WHERE campaign_id IS NOT NULL;
CREATE INDEX auctions_open ON auctions (status) WHERE status NOT IN ('COMPLETED', 'CANCELLED');

-- The bid log: every decided bid, accepted or not, in decision order per auction.
CREATE TABLE bids (
    id              uuid PRIMARY KEY,
    auction_id      uuid           NOT NULL REFERENCES auctions (id),
    sequence        bigint         NOT NULL,
    source          text           NOT NULL,
    external_id     text           NOT NULL,
    bidder_id       uuid           NOT NULL REFERENCES bidders (id),
    amount          numeric(78, 0) NOT NULL,
    event_time      timestamptz    NOT NULL,
    received_at     timestamptz    NOT NULL,
    decided_at      timestamptz    NOT NULL,
    status          text           NOT NULL CHECK (status IN ('ACCEPTED', 'REJECTED')),
    reason          text,
    identity_linked boolean        NOT NULL,
    ineligible      text,
    voided_at       timestamptz,
    void_reason     text,
    UNIQUE (source, external_id),
    UNIQUE (auction_id, sequence)
);
CREATE INDEX bids_bidder ON bids (bidder_id, decided_at DESC);

CREATE TABLE fund_reservations (
    bidder_id  uuid           NOT NULL REFERENCES bidders (id),
    auction_id uuid           NOT NULL REFERENCES auctions (id),
    amount     numeric(78, 0) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (bidder_id, auction_id)
);

-- Admin overrides and scheduled moves, for the audit trail and the bidders' history.
CREATE TABLE auction_actions (
    id         bigserial PRIMARY KEY,
    auction_id uuid        NOT NULL REFERENCES auctions (id),
    action     text        NOT NULL,
    detail     jsonb       NOT NULL DEFAULT '{}',
    reason     text,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX auction_actions_auction ON auction_actions (auction_id, at);
