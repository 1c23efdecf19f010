-- Read model (projection "schedules"): one row per server schedule, with its last and next run.
CREATE TABLE server_schedule (
    schedule_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    server_id       VARCHAR(64)  NOT NULL,
    owner_id        VARCHAR(255) NOT NULL,
    action          VARCHAR(16)  NOT NULL,
    cron            VARCHAR(128) NOT NULL,
    time_zone       VARCHAR(64)  NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    deleted         BOOLEAN      NOT NULL DEFAULT FALSE,
    next_run_at     TIMESTAMPTZ,
    last_run_at     TIMESTAMPTZ,
    last_status     VARCHAR(16),
    last_message    VARCHAR(512),
    disabled_reason VARCHAR(512),
    last_sequence   BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_server_schedule_owner ON server_schedule (owner_id, created_at);
CREATE INDEX ix_server_schedule_server ON server_schedule (server_id);
