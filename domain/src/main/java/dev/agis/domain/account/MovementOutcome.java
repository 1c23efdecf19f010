package dev.agis.domain.account;

import dev.agis.domain.common.Credits;

/**
 * What a ledger command did. A repeated command with the same idempotency key returns the first
 * outcome again with {@code duplicate = true} and moves nothing.
 */
public record MovementOutcome(AccountId accountId,
                              String idempotencyKey,
                              MovementKind kind,
                              Credits amount,
                              Credits balanceAfter,
                              Credits heldAfter,
                              boolean duplicate) {

    public Credits availableAfter() {
        return balanceAfter.minus(heldAfter);
    }

    public MovementOutcome asDuplicate() {
        return new MovementOutcome(accountId, idempotencyKey, kind, amount, balanceAfter, heldAfter, true);
    }
}
