-- The accounts ledger.

-- Idempotency keys with the first outcome of each; written in the same transaction as the
-- movement events (subscribing processor "ledger-keys"), so a key and its movement exist together.
CREATE TABLE ledger_key (
    account_id      VARCHAR(255) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    amount          BIGINT       NOT NULL,
    balance_after   BIGINT       NOT NULL,
    held_after      BIGINT       NOT NULL,
    sequence_number BIGINT       NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);

-- Read model: one row per account (projection "ledger").
CREATE TABLE account_balance (
    account_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL,
    balance         BIGINT       NOT NULL,
    held            BIGINT       NOT NULL,
    movements       BIGINT       NOT NULL,
    last_sequence   BIGINT       NOT NULL,
    opened_at       TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_account_balance_leaderboard ON account_balance (kind, balance DESC, account_id);

-- Read model: every movement (projection "ledger"), paged newest first by sequence.
CREATE TABLE account_movement (
    account_id      VARCHAR(255) NOT NULL,
    sequence_number BIGINT       NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    reason          VARCHAR(32)  NOT NULL,
    amount          BIGINT       NOT NULL,
    balance_after   BIGINT       NOT NULL,
    held_after      BIGINT       NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    actor           VARCHAR(255) NOT NULL,
    counterpart     VARCHAR(512),
    occurred_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (account_id, sequence_number)
);
