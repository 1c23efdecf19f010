-- The player of each waiting callback, so a worker takes only rows of players no other worker holds
-- (ADR 0054): a player's conversions, reversals and velocity count then belong to one transaction at
-- a time, and two batches can never wait for each other. Rows stored before this column have none;
-- the update below fills them in.
ALTER TABLE ayet_callback_inbox ADD COLUMN player_id TEXT;
-- rows waiting at the upgrade get their player from the stored query (the parameter the callback
-- controller reads it from), so they are claimed by player like every new row
UPDATE ayet_callback_inbox SET player_id = substring(query FROM '(?:^|&)external_identifier=([^&]*)') WHERE player_id IS NULL;
