package dev.agis.command.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.AccountOpened;
import dev.agis.domain.account.AccountEvents.HoldCaptured;
import dev.agis.domain.account.AccountEvents.HoldPlaced;
import dev.agis.domain.account.AccountEvents.HoldReleased;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.HoldKeys;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.agis.domain.account.AccountCommands.CaptureHold;
import static dev.agis.domain.account.AccountCommands.CreditAccount;
import static dev.agis.domain.account.AccountCommands.DebitAccount;
import static dev.agis.domain.account.AccountCommands.PlaceHold;
import static dev.agis.domain.account.AccountCommands.ReleaseHold;
import static dev.agis.domain.account.AccountCommands.TransferCredits;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A player's wallet or a guild's treasury (SPEC §2.1), opened on first use.
 *
 * <p>Invariant: available = balance − open holds ≥ 0 after every debit or hold someone asks for;
 * only a chargeback may push the balance below zero. Idempotency keys are checked against
 * {@link LedgerKeys}, a table written in the same transaction as the events, so the aggregate does
 * not have to carry every key it ever saw (an account with 100k movements stays small).
 */
@Aggregate(snapshotTriggerDefinition = "accountSnapshotTrigger", cache = "accountCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Account {

    static final int MAX_KEY_LENGTH = 200;

    @AggregateIdentifier
    private String id;
    private AccountKind kind;
    private long balance;
    private long held;
    private Map<String, OpenHold> openHolds = new HashMap<>();

    /** An open hold, kept until it is captured or released. */
    record OpenHold(long amount, MovementReason reason, String counterpart) {
    }

    protected Account() {
        // for Axon and for snapshots
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MovementOutcome handle(CreditAccount cmd, LedgerKeys keys, Clock clock) {
        Credits amount = validate(cmd.amount(), cmd.reason(), MovementReason.Direction.IN, cmd.idempotencyKey(), cmd.actor());
        Optional<MovementOutcome> prior = priorOutcome(cmd.accountId(), cmd.idempotencyKey(), MovementKind.CREDIT, amount, keys);
        if (prior.isPresent()) {
            return prior.get();
        }
        openIfNew(cmd.accountId(), clock);
        apply(new AccountCredited(cmd.accountId(), amount, Credits.of(Math.addExact(balance, amount.value())), Credits.of(held),
                cmd.reason(), cmd.idempotencyKey(), cmd.actor(), cmd.counterpart(), clock.instant()));
        return outcome(cmd.idempotencyKey(), MovementKind.CREDIT, amount);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MovementOutcome handle(DebitAccount cmd, LedgerKeys keys, Clock clock) {
        Credits amount = validate(cmd.amount(), cmd.reason(), MovementReason.Direction.OUT, cmd.idempotencyKey(), cmd.actor());
        Optional<MovementOutcome> prior = priorOutcome(cmd.accountId(), cmd.idempotencyKey(), MovementKind.DEBIT, amount, keys);
        if (prior.isPresent()) {
            return prior.get();
        }
        if (!cmd.reason().mayCreateDebt()) {
            requireAvailable(cmd.accountId(), amount);
        }
        openIfNew(cmd.accountId(), clock);
        apply(new AccountDebited(cmd.accountId(), amount, Credits.of(Math.subtractExact(balance, amount.value())), Credits.of(held),
                cmd.reason(), cmd.idempotencyKey(), cmd.actor(), cmd.counterpart(), clock.instant()));
        return outcome(cmd.idempotencyKey(), MovementKind.DEBIT, amount);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MovementOutcome handle(TransferCredits cmd, LedgerKeys keys, Clock clock) {
        Credits amount = validate(cmd.amount(), MovementReason.TRANSFER_OUT, MovementReason.Direction.OUT, cmd.idempotencyKey(), cmd.actor());
        if (cmd.to() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "a transfer needs a destination account");
        }
        if (cmd.to().equals(cmd.from())) {
            throw new DomainException(AccountError.SELF_TRANSFER, "an account cannot transfer to itself");
        }
        Optional<MovementOutcome> prior = priorOutcome(cmd.from(), cmd.idempotencyKey(), MovementKind.TRANSFER_OUT, amount, keys);
        if (prior.isPresent()) {
            return prior.get();
        }
        requireAvailable(cmd.from(), amount);
        String transferId = UUID.nameUUIDFromBytes((cmd.from().value() + "|" + cmd.idempotencyKey())
                .getBytes(StandardCharsets.UTF_8)).toString();
        apply(new TransferSent(cmd.from(), transferId, cmd.to(), amount, Credits.of(balance - amount.value()), Credits.of(held),
                cmd.idempotencyKey(), cmd.actor(), clock.instant()));
        return outcome(cmd.idempotencyKey(), MovementKind.TRANSFER_OUT, amount);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MovementOutcome handle(PlaceHold cmd, LedgerKeys keys, Clock clock) {
        requireHoldId(cmd.holdId());
        String key = HoldKeys.place(cmd.holdId());
        Credits amount = validate(cmd.amount(), cmd.reason(), MovementReason.Direction.OUT, key, cmd.actor());
        Optional<MovementOutcome> prior = priorOutcome(cmd.accountId(), key, MovementKind.HOLD, amount, keys);
        if (prior.isPresent()) {
            return prior.get();
        }
        requireAvailable(cmd.accountId(), amount);
        apply(new HoldPlaced(cmd.accountId(), cmd.holdId(), amount, Credits.of(balance), Credits.of(held + amount.value()),
                cmd.reason(), cmd.actor(), cmd.counterpart(), clock.instant()));
        return outcome(key, MovementKind.HOLD, amount);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MovementOutcome handle(CaptureHold cmd, LedgerKeys keys, Clock clock) {
        OpenHold hold = openHoldOrPriorResolution(cmd.accountId(), cmd.holdId(), cmd.actor(), MovementKind.CAPTURE, keys);
        if (hold == null) {
            return keys.find(cmd.accountId(), HoldKeys.resolve(cmd.holdId())).orElseThrow().asDuplicate();
        }
        apply(new HoldCaptured(cmd.accountId(), cmd.holdId(), Credits.of(hold.amount()), Credits.of(balance - hold.amount()),
                Credits.of(held - hold.amount()), hold.reason(), cmd.actor(), hold.counterpart(), clock.instant()));
        return outcome(HoldKeys.resolve(cmd.holdId()), MovementKind.CAPTURE, Credits.of(hold.amount()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MovementOutcome handle(ReleaseHold cmd, LedgerKeys keys, Clock clock) {
        OpenHold hold = openHoldOrPriorResolution(cmd.accountId(), cmd.holdId(), cmd.actor(), MovementKind.RELEASE, keys);
        if (hold == null) {
            return keys.find(cmd.accountId(), HoldKeys.resolve(cmd.holdId())).orElseThrow().asDuplicate();
        }
        apply(new HoldReleased(cmd.accountId(), cmd.holdId(), Credits.of(hold.amount()), Credits.of(balance),
                Credits.of(held - hold.amount()), hold.reason(), cmd.actor(), hold.counterpart(), cmd.note(), clock.instant()));
        return outcome(HoldKeys.resolve(cmd.holdId()), MovementKind.RELEASE, Credits.of(hold.amount()));
    }

    // --- rules -------------------------------------------------------------------------------

    private static Credits validate(Credits amount, MovementReason reason, MovementReason.Direction direction,
                                    String key, Actor actor) {
        if (amount == null) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "amount is required");
        }
        amount.requirePositive("amount");
        if (reason == null || reason.direction() != direction) {
            throw new DomainException(AccountError.WRONG_DIRECTION,
                    "reason " + reason + " cannot be used for a movement " + (direction == MovementReason.Direction.IN ? "into" : "out of") + " an account");
        }
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "idempotency key must be 1.." + MAX_KEY_LENGTH + " characters");
        }
        if (actor == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor is required");
        }
        return amount;
    }

    private static void requireHoldId(String holdId) {
        if (holdId == null || holdId.isBlank() || holdId.length() > MAX_KEY_LENGTH - 20) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "hold id must be 1.." + (MAX_KEY_LENGTH - 20) + " characters");
        }
    }

    /** The first outcome of this key, or empty when the key is new; a key reused for another movement is an error. */
    private static Optional<MovementOutcome> priorOutcome(AccountId account, String key, MovementKind kind, Credits amount, LedgerKeys keys) {
        return keys.find(account, key).map(prior -> {
            if (prior.kind() != kind || !prior.amount().equals(amount)) {
                throw new DomainException(CommonError.IDEMPOTENCY_KEY_REUSED,
                        "idempotency key '" + key + "' was already used for a " + prior.kind() + " of " + prior.amount());
            }
            return prior.asDuplicate();
        });
    }

    private void requireAvailable(AccountId account, Credits amount) {
        long available = balance - held;
        if (available < amount.value()) {
            throw new DomainException(AccountError.INSUFFICIENT_FUNDS,
                    account + " has " + Math.max(available, 0) + " GC available" + (balance < 0 ? " (in debt: " + balance + " GC)" : "")
                            + ", " + amount.value() + " GC needed");
        }
    }

    /**
     * The open hold to resolve, or null when it was already resolved the same way (a repeat).
     * Resolving a hold the other way, or an unknown hold, is an error.
     */
    private OpenHold openHoldOrPriorResolution(AccountId account, String holdId, Actor actor, MovementKind wanted, LedgerKeys keys) {
        requireHoldId(holdId);
        if (actor == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor is required");
        }
        OpenHold hold = openHolds.get(holdId);
        if (hold != null) {
            return hold;
        }
        MovementOutcome resolution = keys.find(account, HoldKeys.resolve(holdId)).orElse(null);
        if (resolution == null) {
            throw new DomainException(AccountError.HOLD_NOT_FOUND, "no hold '" + holdId + "' on " + account);
        }
        if (resolution.kind() != wanted) {
            throw resolution.kind() == MovementKind.CAPTURE
                    ? new DomainException(AccountError.HOLD_ALREADY_CAPTURED, "hold '" + holdId + "' was already captured")
                    : new DomainException(AccountError.HOLD_ALREADY_RELEASED, "hold '" + holdId + "' was already released");
        }
        return null;
    }

    private void openIfNew(AccountId account, Clock clock) {
        if (id == null) {
            apply(new AccountOpened(account, account.kind(), clock.instant()));
        }
    }

    /** Called after apply(): the event sourcing handlers have already updated the state. */
    private MovementOutcome outcome(String key, MovementKind kind, Credits amount) {
        return new MovementOutcome(AccountId.of(id), key, kind, amount, Credits.of(balance), Credits.of(held), false);
    }

    // --- state -------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(AccountOpened e) {
        id = e.accountId().value();
        kind = e.kind();
    }

    /** Every movement states the balances after it; the aggregate simply adopts them. */
    @EventSourcingHandler
    void on(Movement e) {
        balance = e.balanceAfter().value();
        held = e.heldAfter().value();
    }

    @EventSourcingHandler
    void on(HoldPlaced e) {
        on((Movement) e);
        openHolds.put(e.holdId(), new OpenHold(e.amount().value(), e.reason(), e.counterpart()));
    }

    @EventSourcingHandler
    void on(HoldCaptured e) {
        on((Movement) e);
        openHolds.remove(e.holdId());
    }

    @EventSourcingHandler
    void on(HoldReleased e) {
        on((Movement) e);
        openHolds.remove(e.holdId());
    }
}
