-- Personal data encryption (SPEC §2.8, docs/privacy.md, ADR 0007).

-- One data key per player, wrapped (RFC 3394) with the master key (agis.privacy.master-key). The
-- personal fields of that player's events are encrypted with it; deleting the row erases them.
-- key_id is what an encrypted field names, so a key made after an erasure never opens older data.
CREATE TABLE player_data_key (
    key_id      UUID         NOT NULL PRIMARY KEY,
    player_id   VARCHAR(64)  NOT NULL UNIQUE,
    wrapped_key BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);

-- The master key's check value (the wrap of a fixed block): a different master key is refused at
-- start-up instead of failing on every personal field later.
CREATE TABLE master_key_check (
    id          SMALLINT     NOT NULL PRIMARY KEY CHECK (id = 1),
    check_value BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
