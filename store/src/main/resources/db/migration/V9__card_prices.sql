-- Card prices: every quote a source gave for a card's variant (raw, partitioned by month like price_points),
-- the hourly and daily bars Gavel keeps of them (open/high/low/close/sum/count, kept after raw rows age out),
-- and the latest quote of each series for card pages and trending.

ALTER TABLE catalog_items ADD COLUMN image_url text;
-- a card another source already brought is found by its set and number
CREATE INDEX catalog_items_by_number ON catalog_items (set_id, number);
CREATE INDEX card_sets_by_name ON card_sets (game, lower(name));

-- one row per quote; a series is (variant, source, kind)
CREATE TABLE card_prices (
    item_id     bigint      NOT NULL,
    variant_id  bigint      NOT NULL,
    source      text        NOT NULL,
    kind        text        NOT NULL,
    amount      bigint      NOT NULL CHECK (amount >= 0),
    currency    text        NOT NULL,
    observed_at timestamptz NOT NULL
) PARTITION BY RANGE (observed_at);
CREATE TABLE card_prices_default PARTITION OF card_prices DEFAULT;
-- the same quote fetched twice is one observation
CREATE UNIQUE INDEX card_prices_natural ON card_prices (variant_id, source, kind, observed_at);
CREATE INDEX card_prices_time ON card_prices USING brin (observed_at);

DO $$
DECLARE
    first_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    m date;
BEGIN
    FOR i IN 0..3 LOOP
        m := first_month + make_interval(months => i);
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF card_prices FOR VALUES FROM (%L) TO (%L)',
            'card_prices_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'),
            m::text || ' 00:00:00+00',
            (m + interval '1 month')::date::text || ' 00:00:00+00');
    END LOOP;
END
$$;

-- bars of a series at a resolution: '1h' (UTC hours) or '1d' (UTC days)
CREATE TABLE card_price_bars (
    variant_id bigint      NOT NULL,
    source     text        NOT NULL,
    kind       text        NOT NULL,
    resolution text        NOT NULL CHECK (resolution IN ('1h', '1d')),
    bucket     timestamptz NOT NULL,
    item_id    bigint      NOT NULL,
    currency   text        NOT NULL,
    open       bigint      NOT NULL,
    high       bigint      NOT NULL,
    low        bigint      NOT NULL,
    close      bigint      NOT NULL,
    sum        bigint      NOT NULL,
    count      int         NOT NULL,
    open_at    timestamptz NOT NULL,
    close_at   timestamptz NOT NULL,
    PRIMARY KEY (variant_id, source, kind, resolution, bucket)
);
CREATE INDEX card_price_bars_by_item ON card_price_bars (item_id, resolution, bucket);

-- the latest quote of each series
CREATE TABLE card_latest_prices (
    variant_id  bigint      NOT NULL,
    source      text        NOT NULL,
    kind        text        NOT NULL,
    item_id     bigint      NOT NULL,
    amount      bigint      NOT NULL,
    currency    text        NOT NULL,
    observed_at timestamptz NOT NULL,
    PRIMARY KEY (variant_id, source, kind)
);
CREATE INDEX card_latest_prices_by_item ON card_latest_prices (item_id);
