-- Replies and announcements on X, wallet linking (SIWE), the ban list, and the audit log.

-- What Gavel will post (or has posted) on X. Rows are written in the same transaction as the decision
-- they talk about, so nothing is lost on a crash; a sender posts them in order under X's limits.
CREATE TABLE x_outbox (
    id              bigserial PRIMARY KEY,
    key             text        NOT NULL UNIQUE,
    kind            text        NOT NULL,
    auction_id      uuid        REFERENCES auctions (id),
    reply_to_post   text,       -- a post on X this answers
    reply_to_key    text,       -- or another outbox row this answers, once that one is posted
    text            text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 280),
    created_at      timestamptz NOT NULL,
    not_after       timestamptz, -- stale afterwards (a "10 minutes left" after the end): skipped
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    sent_at         timestamptz,
    posted_id       text,
    skipped_at      timestamptz,
    last_error      text
);
-- At most one reply per post on X.
CREATE UNIQUE INDEX x_outbox_one_reply_per_post ON x_outbox (reply_to_post) WHERE reply_to_post IS NOT NULL;
CREATE INDEX x_outbox_due ON x_outbox (next_attempt_at, id) WHERE sent_at IS NULL AND skipped_at IS NULL;
CREATE INDEX x_outbox_auction ON x_outbox (auction_id, id);

-- SIWE nonces: single use, expiring. The reply flow on X remembers who asked and for which address.
CREATE TABLE identity_nonces (
    nonce      text PRIMARY KEY,
    bidder_id  uuid        NOT NULL REFERENCES bidders (id),
    address    text        NOT NULL,
    message    text        NOT NULL,
    via        text        NOT NULL CHECK (via IN ('web', 'x')),
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX identity_nonces_bidder ON identity_nonces (bidder_id, issued_at);

-- One wallet per X account at a time, and one account per wallet.
CREATE UNIQUE INDEX bidders_wallet_unique ON bidders (lower(wallet)) WHERE wallet IS NOT NULL;
ALTER TABLE bidders ADD COLUMN ban_reason text;

-- Append-only and hash-chained: each row's hash covers the previous row's hash and its own content, so an
-- edit or a deleted row in the middle shows up when the chain is checked.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    subject   text        NOT NULL,
    detail    text        NOT NULL DEFAULT '{}', -- JSON, kept as written: the hash covers these exact bytes
    prev_hash bytea       NOT NULL,
    hash      bytea       NOT NULL UNIQUE
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
CREATE RULE audit_log_no_update AS ON UPDATE TO audit_log DO INSTEAD NOTHING;
CREATE RULE audit_log_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;
