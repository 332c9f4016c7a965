-- Bidding on X: where each poll stopped, and how old each bidder's X account is.

CREATE TABLE x_checkpoints (
    stream     text PRIMARY KEY,
    since_id   text        NOT NULL,
    updated_at timestamptz NOT NULL
);

ALTER TABLE bidders ADD COLUMN x_account_created_at timestamptz;
