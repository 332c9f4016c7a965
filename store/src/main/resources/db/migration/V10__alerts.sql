-- Price alerts: what each user asked to be told (alerts), each time one fired (alert_events, the user's alert
-- history), and each message owed for a firing, one per channel (alert_deliveries: a durable outbox written in
-- the firing's transaction, so a crash between firing and sending loses nothing), with every attempt logged
-- (alert_delivery_attempts).

CREATE TABLE alerts (
    id            bigserial PRIMARY KEY,
    owner_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_id       bigint      NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
    -- null: any source, any printing
    source        text,
    kind          text        NOT NULL DEFAULT 'MARKET',
    printing      text,
    -- API.md's forms: {"below":"12.50"} | {"above":"…"} | {"changePercent":"-20","window":"24h"}
    condition     jsonb       NOT NULL CHECK (jsonb_typeof(condition) = 'object'),
    -- [{"webhook":"https://…"} | {"email":"a@b.c"}], 1 to 5
    channels      jsonb       NOT NULL CHECK (jsonb_typeof(channels) = 'array'
                                              AND jsonb_array_length(channels) BETWEEN 1 AND 5),
    -- null: one-shot
    rearm_seconds bigint      CHECK (rearm_seconds > 0),
    state         text        NOT NULL CHECK (state IN ('ARMED', 'FIRED', 'DISABLED')),
    last_fired_at timestamptz,
    created_at    timestamptz NOT NULL,
    -- deleted alerts are kept (DISABLED) so their events still name them
    deleted_at    timestamptz
);
-- the evaluator's question after prices for some items are committed: which armed alerts watch them
CREATE INDEX alerts_armed_by_item ON alerts (item_id) WHERE state = 'ARMED' AND deleted_at IS NULL;
CREATE INDEX alerts_by_owner ON alerts (owner_id, id) WHERE deleted_at IS NULL;

CREATE TABLE alert_events (
    id             bigserial PRIMARY KEY,
    alert_id       bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    owner_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_id        bigint      NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
    price          bigint      NOT NULL,
    currency       text        NOT NULL,
    change_percent numeric,
    reason         text        NOT NULL,
    fired_at       timestamptz NOT NULL,
    -- the guard on alerts.last_fired_at already allows one firing per (alert, time); this says so to readers
    UNIQUE (alert_id, fired_at)
);
CREATE INDEX alert_events_by_owner ON alert_events (owner_id, id DESC);

CREATE TABLE alert_deliveries (
    id              bigserial PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,
    channel         text        NOT NULL CHECK (channel IN ('webhook', 'email')),
    target          text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        int         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text,
    -- when a PENDING delivery is next due; a claim moves it past the claim's lease, so a worker that dies
    -- mid-send leaves it due again once the lease is over
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX alert_deliveries_by_event ON alert_deliveries (event_id);

CREATE TABLE alert_delivery_attempts (
    delivery_id bigint      NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    attempt     int         NOT NULL CHECK (attempt >= 1),
    at          timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('DELIVERED', 'RETRY', 'FAILED')),
    detail      text        NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
