-- Read model: one row per player with a subscription history (projection "subscriptions");
-- answers FindPlayerTier (reward multiplier, concurrent-server limit) and FindSubscription.
CREATE TABLE player_subscription (
    player_id              VARCHAR(64)    NOT NULL PRIMARY KEY,
    tier                   VARCHAR(32)    NOT NULL,
    status                 VARCHAR(32)    NOT NULL,
    reward_multiplier      NUMERIC(12, 6) NOT NULL,
    max_concurrent_servers INT            NOT NULL,
    period_end             TIMESTAMPTZ,
    last_sequence          BIGINT         NOT NULL,
    updated_at             TIMESTAMPTZ    NOT NULL
);
