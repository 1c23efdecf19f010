-- Experiments (SPEC §2.6).

-- Definition and status of every experiment. Written in the same transaction as the experiment
-- events (subscribing processor "experiment-registry"); read by command handlers and queries.
CREATE TABLE experiment (
    experiment_key    VARCHAR(64)      NOT NULL PRIMARY KEY,
    description       VARCHAR(500)     NOT NULL,
    hypothesis        TEXT,
    status            VARCHAR(16)      NOT NULL,
    variants          TEXT             NOT NULL, -- JSON array: name, weight, config, rewardMultiplier
    control_variant   VARCHAR(64)      NOT NULL,
    traffic_percent   INT              NOT NULL,
    primary_metric    VARCHAR(32)      NOT NULL,
    alpha             DOUBLE PRECISION NOT NULL,
    reward_experiment BOOLEAN          NOT NULL,
    created_by        VARCHAR(255)     NOT NULL,
    created_at        TIMESTAMPTZ      NOT NULL,
    started_at        TIMESTAMPTZ,
    stopped_at        TIMESTAMPTZ,
    archived_at       TIMESTAMPTZ
);
-- At most one running reward experiment: a second concurrent start fails to commit.
CREATE UNIQUE INDEX ux_experiment_one_running_reward ON experiment (reward_experiment)
    WHERE status = 'RUNNING' AND reward_experiment;
CREATE INDEX ix_experiment_created ON experiment (created_at DESC);

-- Read models of the projection "experiment-results" (one segment: events in global order).
-- Whether conversions are still attributed (until the experiment stops).
CREATE TABLE experiment_tracking (
    experiment_key VARCHAR(64) NOT NULL PRIMARY KEY,
    tracking       BOOLEAN     NOT NULL
);

-- One row per exposed player: the variant and the player's running totals after exposure.
CREATE TABLE experiment_player (
    experiment_key       VARCHAR(64)  NOT NULL,
    player_id            VARCHAR(64)  NOT NULL,
    variant              VARCHAR(64)  NOT NULL,
    exposed_at           TIMESTAMPTZ  NOT NULL,
    conversions          BIGINT       NOT NULL DEFAULT 0,
    gc_value             BIGINT       NOT NULL DEFAULT 0,
    last_ledger_sequence BIGINT       NOT NULL DEFAULT -1, -- the wallet's last attributed event: replays change nothing
    PRIMARY KEY (experiment_key, player_id)
);
CREATE INDEX ix_experiment_player_player ON experiment_player (player_id);

-- Incremental sums per variant: results read a few rows, never rescan players.
CREATE TABLE experiment_variant_stats (
    experiment_key VARCHAR(64)    NOT NULL,
    variant        VARCHAR(64)    NOT NULL,
    players        BIGINT         NOT NULL DEFAULT 0,
    converters     BIGINT         NOT NULL DEFAULT 0,
    conversions    BIGINT         NOT NULL DEFAULT 0,
    gc_sum         NUMERIC(40, 0) NOT NULL DEFAULT 0,
    gc_sum_squares NUMERIC(60, 0) NOT NULL DEFAULT 0, -- sum over players of (player's GC)^2
    PRIMARY KEY (experiment_key, variant)
);
