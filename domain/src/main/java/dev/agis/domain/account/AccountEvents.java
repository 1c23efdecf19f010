package dev.agis.domain.account;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;

import java.time.Instant;

/**
 * Events of the accounts ledger. Every movement event carries the balance and the held amount
 * after it, so projections and audits never have to re-add numbers. Released events never change;
 * a new shape gets a {@code @Revision} and an upcaster.
 */
public final class AccountEvents {

    private AccountEvents() {
    }

    /** Common view of the events that move money, for projections and audits. */
    public sealed interface Movement permits AccountCredited, AccountDebited, TransferSent, HoldPlaced, HoldCaptured, HoldReleased {
        AccountId accountId();

        Credits amount();

        Credits balanceAfter();

        Credits heldAfter();

        Actor actor();

        Instant occurredAt();

        MovementKind kind();

        /** The idempotency key that made this movement unique within its account. */
        String idempotencyKey();

        MovementReason reason();

        String counterpart();
    }

    public record AccountOpened(AccountId accountId, AccountKind kind, Instant openedAt) {
    }

    public record AccountCredited(AccountId accountId, Credits amount, Credits balanceAfter, Credits heldAfter,
                                  MovementReason reason, String idempotencyKey, Actor actor, String counterpart,
                                  Instant occurredAt) implements Movement {
        @Override
        public MovementKind kind() {
            return MovementKind.CREDIT;
        }
    }

    public record AccountDebited(AccountId accountId, Credits amount, Credits balanceAfter, Credits heldAfter,
                                 MovementReason reason, String idempotencyKey, Actor actor, String counterpart,
                                 Instant occurredAt) implements Movement {
        @Override
        public MovementKind kind() {
            return MovementKind.DEBIT;
        }
    }

    /** The source side of a transfer; the counterpart is {@code transfer:<transferId>}. */
    public record TransferSent(AccountId accountId, String transferId, AccountId to, Credits amount,
                               Credits balanceAfter, Credits heldAfter, String idempotencyKey, Actor actor,
                               Instant occurredAt) implements Movement {
        @Override
        public MovementKind kind() {
            return MovementKind.TRANSFER_OUT;
        }

        @Override
        public MovementReason reason() {
            return MovementReason.TRANSFER_OUT;
        }

        @Override
        public String counterpart() {
            return "transfer:" + transferId;
        }
    }

    public record HoldPlaced(AccountId accountId, String holdId, Credits amount, Credits balanceAfter, Credits heldAfter,
                             MovementReason reason, Actor actor, String counterpart, Instant occurredAt) implements Movement {
        @Override
        public MovementKind kind() {
            return MovementKind.HOLD;
        }

        @Override
        public String idempotencyKey() {
            return HoldKeys.place(holdId);
        }
    }

    public record HoldCaptured(AccountId accountId, String holdId, Credits amount, Credits balanceAfter, Credits heldAfter,
                               MovementReason reason, Actor actor, String counterpart, Instant occurredAt) implements Movement {
        @Override
        public MovementKind kind() {
            return MovementKind.CAPTURE;
        }

        @Override
        public String idempotencyKey() {
            return HoldKeys.resolve(holdId);
        }
    }

    public record HoldReleased(AccountId accountId, String holdId, Credits amount, Credits balanceAfter, Credits heldAfter,
                               MovementReason reason, Actor actor, String counterpart, String note,
                               Instant occurredAt) implements Movement {
        @Override
        public MovementKind kind() {
            return MovementKind.RELEASE;
        }

        @Override
        public String idempotencyKey() {
            return HoldKeys.resolve(holdId);
        }
    }
}
