-- The livestream: scenes uploaded over the API (the shipped ones live in the code; one stored under the same
-- id replaces it), uploaded assets (the bytes are files under GAVEL_HOME/assets, named by their SHA-256), and
-- which scene is on air.
CREATE TABLE stream_scenes (
    id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    body       jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text
);

CREATE TABLE stream_assets (
    id           text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    content_type text        NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
    width        int         NOT NULL CHECK (width > 0),
    height       int         NOT NULL CHECK (height > 0),
    bytes        bigint      NOT NULL CHECK (bytes > 0),
    name         text,
    created_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE TABLE stream_state (
    id         int PRIMARY KEY CHECK (id = 1),
    scene_id   text        NOT NULL,
    standby    boolean     NOT NULL,
    updated_at timestamptz NOT NULL
);
