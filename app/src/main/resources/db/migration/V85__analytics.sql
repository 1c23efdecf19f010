-- Read-only analytics API (SPEC §3.2).

-- payout_usd is kept as the ad network sent it (any text); reports sum this number, which the
-- projection "conversions" sets only when the text is a decimal (a replay fills it for old events).
ALTER TABLE conversion_view ADD COLUMN payout_usd_amount NUMERIC(23, 8);
UPDATE conversion_view SET payout_usd_amount = payout_usd::numeric
WHERE payout_usd ~ '^-?[0-9]{1,15}(\.[0-9]{1,8})?$';

-- Top treasuries and the totals per kind read the guilds' rows by balance.
-- (ix_account_balance_leaderboard on (kind, balance DESC, account_id) already serves them.)
