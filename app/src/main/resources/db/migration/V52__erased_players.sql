-- Players whose personal data was erased (docs/privacy.md). Events stored before personal fields
-- were encrypted (ADR 0007) hold them in clear; for these players they are read as erased too.
-- Holds the Discord id only, which the books keep anyway.
CREATE TABLE erased_player (
    player_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
    erased_at  TIMESTAMPTZ  NOT NULL
);
