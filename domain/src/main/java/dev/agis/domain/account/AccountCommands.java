package dev.agis.domain.account;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the accounts ledger. Every movement names an idempotency key (unique per account),
 * a reason, the actor and the counterpart (the conversion, server, transfer… it belongs to).
 * Each returns a {@link MovementOutcome}.
 */
public final class AccountCommands {

    private AccountCommands() {
    }

    /** Adds credits. Opens the account on first use. */
    public record CreditAccount(@TargetAggregateIdentifier AccountId accountId,
                                Credits amount,
                                MovementReason reason,
                                String idempotencyKey,
                                Actor actor,
                                String counterpart) {
    }

    /**
     * Removes credits. Fails with {@code INSUFFICIENT_FUNDS} unless the available balance covers
     * the amount; only a {@code CHARGEBACK} may push the balance below zero.
     */
    public record DebitAccount(@TargetAggregateIdentifier AccountId accountId,
                               Credits amount,
                               MovementReason reason,
                               String idempotencyKey,
                               Actor actor,
                               String counterpart) {
    }

    /**
     * Moves credits from one account to another (a player contributing to a guild treasury).
     * The source is debited at once; the destination is credited by the transfer process with
     * the transfer id as its idempotency key, so the credit happens exactly once.
     */
    public record TransferCredits(@TargetAggregateIdentifier AccountId from,
                                  AccountId to,
                                  Credits amount,
                                  String idempotencyKey,
                                  Actor actor) {
    }

    /** Reserves credits: the available balance drops until the hold is captured or released. */
    public record PlaceHold(@TargetAggregateIdentifier AccountId accountId,
                            String holdId,
                            Credits amount,
                            MovementReason reason,
                            Actor actor,
                            String counterpart) {
    }

    /** Turns an open hold into a debit of its full amount. */
    public record CaptureHold(@TargetAggregateIdentifier AccountId accountId, String holdId, Actor actor) {
    }

    /** Returns an open hold's amount to the available balance. */
    public record ReleaseHold(@TargetAggregateIdentifier AccountId accountId, String holdId, Actor actor, String note) {
    }
}
