package dev.agis.domain.account;

import dev.agis.domain.common.Credits;

import java.time.Instant;
import java.util.List;

/** Queries over the ledger read models and their answers. */
public final class AccountQueries {

    private AccountQueries() {
    }

    /** The balance of one account; answers an empty balance for an account never used. */
    public record FindAccountBalance(AccountId accountId) {
    }

    public record AccountBalance(AccountId accountId, Credits balance, Credits held, Credits available,
                                 long movements, Instant updatedAt) {
    }

    /**
     * One page of an account's movements, newest first. {@code beforeSequence} is the cursor:
     * null for the first page, then the {@code nextCursor} of the previous page. {@code kind},
     * {@code reason}, {@code from} (inclusive) and {@code to} (exclusive) filter when not null.
     */
    public record FindAccountMovements(AccountId accountId, MovementKind kind, MovementReason reason, Instant from, Instant to,
                                       Long beforeSequence, int limit) {

        /** Every movement, unfiltered. */
        public FindAccountMovements(AccountId accountId, Long beforeSequence, int limit) {
            this(accountId, null, null, null, null, beforeSequence, limit);
        }
    }

    public record MovementEntry(long sequence, MovementKind kind, MovementReason reason, Credits amount,
                                Credits balanceAfter, Credits heldAfter, String idempotencyKey, String actor,
                                String counterpart, Instant occurredAt) {
    }

    public record MovementPage(AccountId accountId, List<MovementEntry> movements, Long nextCursor) {
    }

    /** The players with the most credits. */
    public record FindCreditsLeaderboard(int limit) {
    }

    public record LeaderboardEntry(int rank, AccountId accountId, Credits balance) {
    }

    public record CreditsLeaderboard(List<LeaderboardEntry> entries) {
    }
}
