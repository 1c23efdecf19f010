-- The ayeT callback inbox (ADR 0050): a callback whose signature and parameters check out is stored
-- here and answered 200 once this row has committed; inbox workers turn rows into conversion
-- commands in batches and delete them in the same transaction. Key = the transaction id as ayeT
-- sent it plus whether it is a reversal (a chargeback may repeat the conversion's id with
-- is_chargeback=1), so a resend while the row waits finds it.
CREATE TABLE ayet_callback_inbox (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- drain order
    transaction_id TEXT        NOT NULL,
    reversal       BOOLEAN     NOT NULL,
    query          TEXT        NOT NULL,                            -- the raw, signature-checked query string
    source         TEXT,                                            -- the client address (personal data, see docs/privacy.md)
    source_allowed BOOLEAN     NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts       INT         NOT NULL DEFAULT 0,                  -- failed attempts alone (not as part of a batch)
    due_at         TIMESTAMPTZ NOT NULL DEFAULT now(),              -- a row that failed alone waits until then
    CONSTRAINT ayet_callback_inbox_key UNIQUE (transaction_id, reversal)
);
