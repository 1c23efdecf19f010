package dev.agis.cli.audit;

import dev.agis.domain.account.AccountEvents.AccountOpened;
import dev.agis.domain.account.AccountEvents.HoldCaptured;
import dev.agis.domain.account.AccountEvents.HoldPlaced;
import dev.agis.domain.account.AccountEvents.HoldReleased;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementReason;
import dev.agis.projections.ledger.LedgerProjection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One account rebuilt from its events alone, checking the ledger invariants on the way:
 * sequences without gaps, every stated balance/held amount equal to the running sum of amounts,
 * available ≥ 0 after every debit, transfer and hold except a chargeback, holds placed once and
 * resolved once with their own amount, idempotency keys unique within the account.
 */
public final class AccountFold {

    public record OpenHold(String holdId, long amount, MovementReason reason, String counterpart, long sequence, Instant placedAt) {
    }

    /** A movement as the ledger projection stores it (one account_movement row). */
    public record MovementRow(String accountId, long sequence, String kind, String reason, long amount, long balanceAfter,
                              long heldAfter, String idempotencyKey, String actor, String counterpart, Instant occurredAt) {
    }

    /** The account_balance row the ledger projection must hold for this account (null fields: no row). */
    public record BalanceRow(String accountId, String kind, long balance, long held, long movements, long lastSequence,
                             Instant openedAt, Instant updatedAt) {
    }

    private final String accountId;
    private final boolean keepMovements;
    private final Consumer<String> problems;

    private String kind;
    private Instant openedAt;
    private long expectedSequence;
    private long balance;
    private long held;
    private long statedBalance;
    private long statedHeld;
    private long movementCount;
    private long lastSequence = -1;
    private Instant updatedAt;
    private final Map<String, OpenHold> openHolds = new LinkedHashMap<>();
    private final Set<String> keys = new HashSet<>();
    private final List<MovementRow> movements = new ArrayList<>();

    /**
     * @param keepMovements keep every movement row (for a single account's report; verify streams them instead)
     * @param problems      receives one sentence per broken invariant
     */
    public AccountFold(String accountId, boolean keepMovements, Consumer<String> problems) {
        this.accountId = accountId;
        this.keepMovements = keepMovements;
        this.problems = problems;
    }

    /** Applies the next event of this account; returns the movement row when it was a movement, else null. */
    public MovementRow apply(StoredEvent event) {
        long seq = event.sequence();
        if (seq != expectedSequence) {
            problem(seq, "sequence gap: expected sequence " + expectedSequence + ", found " + seq);
        }
        expectedSequence = seq + 1;
        Object payload = event.payload();
        if (payload == null) {
            problem(seq, "event " + event.type() + " (" + event.eventId() + ") cannot be read by this build");
            return null;
        }
        if (payload instanceof AccountOpened opened) {
            if (kind != null) {
                problem(seq, "account opened twice");
            }
            kind = opened.kind().name();
            openedAt = opened.openedAt();
            if (lastSequence < seq) {
                lastSequence = seq;
            }
            updatedAt = openedAt;
            return null;
        }
        if (payload instanceof Movement m) {
            return applyMovement(seq, m);
        }
        return null;
    }

    private MovementRow applyMovement(long seq, Movement m) {
        if (!m.accountId().value().equals(accountId)) {
            problem(seq, "movement names account " + m.accountId() + " but is stored in this account's stream");
        }
        long amount = m.amount().value();
        if (amount <= 0) {
            problem(seq, m.kind() + " has a non-positive amount " + amount);
        }
        if (!keys.add(m.idempotencyKey())) {
            problem(seq, "idempotency key '" + m.idempotencyKey() + "' used a second time (" + m.kind() + ")");
        }
        switch (m.kind()) {
            case CREDIT -> balance += amount;
            case DEBIT, TRANSFER_OUT -> balance -= amount;
            case HOLD -> {
                HoldPlaced h = (HoldPlaced) m;
                if (openHolds.containsKey(h.holdId())) {
                    problem(seq, "hold '" + h.holdId() + "' placed while already open");
                }
                openHolds.put(h.holdId(), new OpenHold(h.holdId(), amount, h.reason(), h.counterpart(), seq, h.occurredAt()));
                held += amount;
            }
            case CAPTURE, RELEASE -> {
                String holdId = m instanceof HoldCaptured c ? c.holdId() : ((HoldReleased) m).holdId();
                OpenHold hold = openHolds.remove(holdId);
                if (hold == null) {
                    problem(seq, m.kind() + " of hold '" + holdId + "' which is not open (never placed or already resolved)");
                } else if (hold.amount() != amount) {
                    problem(seq, m.kind() + " of hold '" + holdId + "' for " + amount + " GC, but the hold was " + hold.amount() + " GC");
                }
                held -= amount;
                if (m.kind() == MovementKind.CAPTURE) {
                    balance -= amount;
                }
            }
        }
        if (m.balanceAfter().value() != balance || m.heldAfter().value() != held) {
            problem(seq, m.kind() + " states balance " + m.balanceAfter().value() + " / held " + m.heldAfter().value()
                    + ", but the running sum of amounts gives balance " + balance + " / held " + held);
        }
        boolean spends = m.kind() == MovementKind.TRANSFER_OUT || m.kind() == MovementKind.HOLD
                || m.kind() == MovementKind.DEBIT && m.reason() != MovementReason.CHARGEBACK;
        long available = m.balanceAfter().value() - m.heldAfter().value();
        if (spends && available < 0) {
            problem(seq, m.kind() + " (" + m.reason() + ") left the available balance at " + available + " GC; only a chargeback may");
        }
        statedBalance = m.balanceAfter().value();
        statedHeld = m.heldAfter().value();
        movementCount++;
        if (lastSequence < seq) {
            lastSequence = seq;
        }
        updatedAt = m.occurredAt();
        MovementRow row = new MovementRow(accountId, seq, m.kind().name(), m.reason().name(), amount, m.balanceAfter().value(),
                m.heldAfter().value(), m.idempotencyKey(), m.actor().value(), m.counterpart(), micros(m.occurredAt()));
        if (keepMovements) {
            movements.add(row);
        }
        return row;
    }

    private void problem(long seq, String text) {
        problems.accept(accountId + " @" + seq + ": " + text);
    }

    /** As the ledger projection stores times. */
    static Instant micros(Instant t) {
        return t == null ? null : LedgerProjection.storedTime(t);
    }

    public String accountId() {
        return accountId;
    }

    public long balance() {
        return balance;
    }

    public long held() {
        return held;
    }

    public long available() {
        return balance - held;
    }

    public long movementCount() {
        return movementCount;
    }

    public List<OpenHold> openHolds() {
        return List.copyOf(openHolds.values());
    }

    public List<MovementRow> movements() {
        return movements;
    }

    public boolean opened() {
        return kind != null;
    }

    /** What the ledger projection's account_balance row must say; null when it must have no row. */
    public BalanceRow expectedBalanceRow() {
        if (kind == null) {
            return null;
        }
        return new BalanceRow(accountId, kind, statedBalance, statedHeld, movementCount, lastSequence, micros(openedAt), micros(updatedAt));
    }
}
