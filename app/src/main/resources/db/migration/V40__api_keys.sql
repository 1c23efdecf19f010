-- Read model (projection "api-keys", subscribing: written in the command's own transaction, so a
-- key works, and stops working, as soon as its command returns). Keys are found by the SHA-256 of
-- their secret; the secret itself is stored nowhere.
CREATE TABLE api_key (
    key_id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_hash            CHAR(64)     NOT NULL UNIQUE,
    name                VARCHAR(100) NOT NULL,
    owner_id            VARCHAR(64)  NOT NULL,
    scopes              VARCHAR(255) NOT NULL,
    requests_per_minute INTEGER      NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    expires_at          TIMESTAMPTZ,
    revoked_at          TIMESTAMPTZ,
    last_sequence       BIGINT       NOT NULL
);
CREATE INDEX ix_api_key_owner ON api_key (owner_id, created_at);

-- When each key was last used, written in batches by every instance (not an event per request).
CREATE TABLE api_key_usage (
    key_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    last_used_at TIMESTAMPTZ NOT NULL
);

-- Bucket4j's token buckets, one per key (PostgreSQL proxy manager with advisory locks): every
-- instance consumes from the same row, so a key's rate limit holds across the cluster.
CREATE TABLE api_rate_limit_bucket (
    id         VARCHAR(64) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
