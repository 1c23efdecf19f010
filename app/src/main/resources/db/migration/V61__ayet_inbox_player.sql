-- The player of each waiting callback, so a worker takes only rows of players no other worker holds
-- (ADR 0050): a player's conversions, reversals and velocity count then belong to one transaction at
-- a time, and two batches can never wait for each other. Rows stored before this column have none;
-- they are claimed by their transaction id instead.
ALTER TABLE ayet_callback_inbox ADD COLUMN player_id TEXT;
