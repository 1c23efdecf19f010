-- Axon's sequenced dead-letter queue (JdbcSequencedDeadLetterQueue), one table for every processing
-- group, with snake_case names (matching DeadLetterQueues.SCHEMA). A letter is an event whose handler
-- failed, or a later event of the same sequence (aggregate) held back behind it (ADR 0053).
-- Timestamps are Axon's ISO-8601 strings; cause messages are kept whole (TEXT) for the operator.
CREATE TABLE dead_letter_entry (
    dead_letter_id       VARCHAR(255) NOT NULL,
    processing_group     VARCHAR(255) NOT NULL,
    sequence_identifier  VARCHAR(255) NOT NULL,
    sequence_index       BIGINT       NOT NULL,
    message_type         VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    type                 VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255) NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        TEXT,
    diagnostics          BYTEA,
    PRIMARY KEY (dead_letter_id),
    UNIQUE (processing_group, sequence_identifier, sequence_index)
);

CREATE INDEX dead_letter_entry_group ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_sequence ON dead_letter_entry (processing_group, sequence_identifier);

-- What operators did to dead letters (agis dead-letters retry/evict): who, when, why. Never updated.
CREATE TABLE dead_letter_action (
    id                  BIGSERIAL    PRIMARY KEY,
    at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    operator            VARCHAR(64)  NOT NULL,
    action              VARCHAR(16)  NOT NULL CHECK (action IN ('RETRY', 'EVICT')),
    processing_group    VARCHAR(255) NOT NULL,
    sequence_identifier VARCHAR(255) NOT NULL,
    event_identifier    VARCHAR(255),
    event_type          VARCHAR(255),
    sequence_number     BIGINT,
    money_event         BOOLEAN      NOT NULL DEFAULT FALSE,
    reason              TEXT         NOT NULL,
    outcome             TEXT         NOT NULL
);

CREATE INDEX dead_letter_action_at ON dead_letter_action (at);
