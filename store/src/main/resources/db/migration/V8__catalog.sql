-- The catalog: games, their sets, and the items collectors follow (cards, Ultimate Team items), with their
-- variants and each source's id of them. Full-text search by name and number (tsvector + GIN, prefix
-- matches), typo tolerance by trigram similarity on the name (pg_trgm, a trusted extension).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE games (
    id   text PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO games (id, name) VALUES
    ('pokemon', 'Pokémon Trading Card Game'),
    ('onepiece', 'One Piece Card Game'),
    ('m26', 'Madden NFL 26 Ultimate Team');

CREATE TABLE card_sets (
    id          bigserial PRIMARY KEY,
    game        text NOT NULL REFERENCES games (id),
    code        text NOT NULL,
    name        text NOT NULL,
    released_on date,
    UNIQUE (game, code)
);

CREATE TABLE catalog_items (
    id         bigserial PRIMARY KEY,
    game       text        NOT NULL REFERENCES games (id),
    set_id     bigint      REFERENCES card_sets (id),
    number     text,
    name       text        NOT NULL,
    -- name and number folded by Gavel as queries are (lower case, no accents, punctuation as spaces:
    -- "Flabébé 103/165" → "flabebe 103 165"), so both sides of a search agree
    folded     text        NOT NULL,
    rarity     text,
    search     tsvector    GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED,
    created_at timestamptz NOT NULL
);
CREATE INDEX catalog_items_search ON catalog_items USING gin (search);
CREATE INDEX catalog_items_folded_trgm ON catalog_items USING gin (folded gin_trgm_ops);
CREATE INDEX catalog_items_by_game ON catalog_items (game, set_id);

-- a source's id of an item: (tcgplayer, productId), (m26, cardId)
CREATE TABLE catalog_external_ids (
    source      text   NOT NULL,
    external_id text   NOT NULL,
    item_id     bigint NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX catalog_external_ids_by_item ON catalog_external_ids (item_id);

-- printing or sub-type (Holofoil, Reverse Holofoil, 1st Edition) and condition (Near Mint, …); '' when none
CREATE TABLE catalog_variants (
    id        bigserial PRIMARY KEY,
    item_id   bigint NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
    printing  text   NOT NULL DEFAULT '',
    condition text   NOT NULL DEFAULT '',
    UNIQUE (item_id, printing, condition)
);
