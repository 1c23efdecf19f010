-- Conversions (ayeT S2S callbacks).

-- Input of the velocity fraud rule: one row per recorded conversion, written in the same transaction
-- as the conversion event (subscribing processing group "conversion-velocity"). Old rows are pruned.
CREATE TABLE conversion_velocity (
    conversion_id VARCHAR(255) NOT NULL PRIMARY KEY,
    player_id     VARCHAR(64)  NOT NULL,
    recorded_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_conversion_velocity_player ON conversion_velocity (player_id, recorded_at);

-- Read model: one row per conversion (projection "conversions"), for analytics by day, type, tier,
-- status and provider, and for the admin's list of flagged conversions.
CREATE TABLE conversion_view (
    conversion_id   VARCHAR(255)  NOT NULL PRIMARY KEY,
    provider        VARCHAR(16)   NOT NULL,
    transaction_id  VARCHAR(130)  NOT NULL,
    player_id       VARCHAR(64)   NOT NULL,
    type            VARCHAR(32),
    tier            VARCHAR(32),
    status          VARCHAR(32)   NOT NULL,
    currency_amount NUMERIC(30, 8),
    reward          BIGINT        NOT NULL DEFAULT 0,
    credited        BIGINT        NOT NULL DEFAULT 0,
    reversed_amount BIGINT        NOT NULL DEFAULT 0,
    flag_reasons    VARCHAR(255),
    tier_multiplier       NUMERIC(12, 6),
    experiment_multiplier NUMERIC(12, 6),
    experiment_key  VARCHAR(128),
    variant         VARCHAR(64),
    offer_id        VARCHAR(128),
    payout_usd      VARCHAR(32),
    recorded_at     TIMESTAMPTZ,
    reversed_at     TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX ix_conversion_view_day ON conversion_view (recorded_at);
CREATE INDEX ix_conversion_view_status ON conversion_view (status, recorded_at);
CREATE INDEX ix_conversion_view_player ON conversion_view (player_id, recorded_at);
