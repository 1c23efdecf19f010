-- The first answer to each POST sent with an Idempotency-Key, per key owner (docs/api.md). The
-- primary key settles concurrent duplicates: one request inserts the row and runs, the others
-- read it. status is null while that first request runs.
CREATE TABLE api_idempotency (
    owner_id        VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(128) NOT NULL,
    fingerprint     CHAR(64)     NOT NULL,
    status          INT,
    content_type    VARCHAR(255),
    location        VARCHAR(1024),
    body            BYTEA,
    created_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (owner_id, idempotency_key)
);
CREATE INDEX ix_api_idempotency_expiry ON api_idempotency (expires_at);
