-- An event is held at most once per sequence. RedeliveryTolerantQueue skips an event it finds held,
-- but two instances (a segment handed over, the retrier and a processor) can both look before
-- either commits; the second insert now fails, its batch is retried, and then finds the letter.
CREATE UNIQUE INDEX dead_letter_entry_event ON dead_letter_entry (processing_group, sequence_identifier, event_identifier);
