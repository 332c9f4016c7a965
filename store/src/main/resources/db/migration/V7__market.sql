-- Market watch: listings by natural key, their numbered changes (an outbox for gavel:market:deltas), price
-- history by month, watches and their checkpoints, the auth pool's credentials (sealed with AES-GCM) and the
-- alerts raised when a source's responses stop matching their strategy.

CREATE TABLE listings (
    source        text        NOT NULL,
    external_id   text        NOT NULL,
    item_id       text        NOT NULL,
    item_name     text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('ACTIVE', 'SOLD', 'EXPIRED', 'CANCELLED')),
    currency      text        NOT NULL CHECK (currency IN ('COINS', 'USD', 'EUR')),
    current_bid   bigint,
    buy_now       bigint,
    start_price   bigint,
    bid_count     int         NOT NULL CHECK (bid_count >= 0),
    ends_at       timestamptz NOT NULL,
    observed_at   timestamptz NOT NULL,
    first_seen_at timestamptz NOT NULL,
    version       int         NOT NULL CHECK (version >= 1),
    PRIMARY KEY (source, external_id)
);
CREATE INDEX listings_by_item ON listings (source, item_id);
CREATE INDEX listings_by_state_and_end ON listings (state, ends_at);

-- Append-only; one row per price a change left (PricePoint.of). Monthly partitions are made ahead of time by
-- PricePartitions; the DEFAULT partition catches a row whose month has none yet, so an insert never fails.
CREATE TABLE price_points (
    source      text        NOT NULL,
    external_id text        NOT NULL,
    item_id     text        NOT NULL,
    kind        text        NOT NULL,
    amount      bigint      NOT NULL,
    currency    text        NOT NULL,
    observed_at timestamptz NOT NULL
) PARTITION BY RANGE (observed_at);
CREATE TABLE price_points_default PARTITION OF price_points DEFAULT;
CREATE INDEX price_points_time ON price_points USING brin (observed_at);
CREATE INDEX price_points_by_item ON price_points (source, item_id, observed_at);

-- The current month and the next three, in UTC (the same names and bounds PricePartitions uses).
DO $$
DECLARE
    first_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    m date;
BEGIN
    FOR i IN 0..3 LOOP
        m := first_month + make_interval(months => i);
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF price_points FOR VALUES FROM (%L) TO (%L)',
            'price_points_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'),
            m::text || ' 00:00:00+00',
            (m + interval '1 month')::date::text || ' 00:00:00+00');
    END LOOP;
END
$$;

-- Every change of every listing, numbered by the listing's version after it, with the listing as it was after
-- the change (plain columns: written by COPY, no JSON to build). (source, external_id, version) is unique by
-- construction: a delta is written only in the transaction that moved the listing row (locked) to that
-- version, so no unique index is paid for on every change (docs/decisions/005). Unpublished rows are the
-- outbox for the Redis stream.
CREATE TABLE listing_deltas (
    id           bigserial   NOT NULL,
    version      int         NOT NULL CHECK (version >= 1),
    kind         text        NOT NULL CHECK (kind IN ('NEW', 'NEW_BID', 'PRICE_CHANGE', 'SOLD', 'EXPIRED', 'CANCELLED')),
    source       text        NOT NULL,
    external_id  text        NOT NULL,
    item_id      text        NOT NULL,
    item_name    text        NOT NULL,
    state        text        NOT NULL,
    currency     text        NOT NULL,
    current_bid  bigint,
    buy_now      bigint,
    start_price  bigint,
    bid_count    int         NOT NULL,
    ends_at      timestamptz NOT NULL,
    observed_at  timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX listing_deltas_unpublished ON listing_deltas (id) WHERE published_at IS NULL;

CREATE TABLE market_watches (
    id          bigserial PRIMARY KEY,
    source      text        NOT NULL,
    query       jsonb       NOT NULL,
    interval_ms bigint      NOT NULL CHECK (interval_ms > 0),
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL,
    stopped_at  timestamptz
);

CREATE TABLE market_checkpoints (
    watch_id     bigint PRIMARY KEY REFERENCES market_watches (id),
    cycle        bigint      NOT NULL CHECK (cycle >= 0),
    next_page    int         NOT NULL CHECK (next_page >= 0),
    committed_at timestamptz NOT NULL
);

-- secret is CredentialCipher.seal(plaintext, source/account/kind); secret_hash (SHA-256 hex of the plaintext)
-- only recognises a re-imported secret, so importing the same capture twice adds nothing.
CREATE TABLE auth_credentials (
    id              bigserial PRIMARY KEY,
    source          text        NOT NULL,
    account         text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('SESSION_TICKET', 'REFRESH_TOKEN', 'ACCESS_TOKEN', 'CLIENT_SECRET')),
    secret          bytea       NOT NULL,
    secret_hash     text        NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    expires_at      timestamptz,
    state           text        NOT NULL CHECK (state IN ('ACTIVE', 'EXPIRED', 'STOPPED')),
    health          int         NOT NULL CHECK (health BETWEEN 0 AND 100),
    failures        int         NOT NULL CHECK (failures >= 0),
    cool_down_until timestamptz,
    last_used_at    timestamptz,
    note            text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    UNIQUE (source, account, kind, secret_hash)
);

CREATE TABLE market_drift_alerts (
    id        bigserial PRIMARY KEY,
    source    text        NOT NULL,
    strategy  text        NOT NULL,
    note      text        NOT NULL,
    detail    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raised_at timestamptz NOT NULL
);
CREATE INDEX market_drift_alerts_by_source ON market_drift_alerts (source, raised_at DESC);
