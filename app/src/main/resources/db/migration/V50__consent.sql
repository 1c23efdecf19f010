-- Consent (SPEC §2.8, docs/privacy.md).

-- Read model: each player's current consent per purpose (projection "consents"). The history is the
-- Consent aggregate's events.
CREATE TABLE player_consent (
    player_id      VARCHAR(64)  NOT NULL,
    purpose        VARCHAR(16)  NOT NULL,
    granted        BOOLEAN      NOT NULL,
    policy_version VARCHAR(32)  NOT NULL,
    channel        VARCHAR(32)  NOT NULL,
    changed_at     TIMESTAMPTZ  NOT NULL,
    last_sequence  BIGINT       NOT NULL,
    PRIMARY KEY (player_id, purpose)
);
