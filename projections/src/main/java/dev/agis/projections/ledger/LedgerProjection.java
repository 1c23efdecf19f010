package dev.agis.projections.ledger;

import dev.agis.domain.account.AccountEvents.AccountOpened;
import dev.agis.domain.account.AccountEvents.Movement;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Balances and movement history of every account. Idempotent: a balance row only moves forward
 * in aggregate sequence, a movement row is keyed by (account, sequence), so redelivered or
 * replayed events change nothing.
 */
@Component
@ProcessingGroup(LedgerProjection.GROUP)
public class LedgerProjection {

    public static final String GROUP = "ledger";

    private final JdbcClient jdbc;

    public LedgerProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountOpened e, @SequenceNumber long seq) {
        jdbc.sql("""
                        INSERT INTO account_balance (account_id, kind, balance, held, movements, last_sequence, opened_at, updated_at)
                        VALUES (:id, :kind, 0, 0, 0, :seq, :at, :at)
                        ON CONFLICT (account_id) DO NOTHING""")
                .param("id", e.accountId().value())
                .param("kind", e.kind().name())
                .param("seq", seq)
                .param("at", Timestamp.from(e.openedAt()))
                .update();
    }

    @EventHandler
    void on(Movement m, @SequenceNumber long seq) {
        Timestamp at = Timestamp.from(m.occurredAt());
        jdbc.sql("""
                        UPDATE account_balance
                        SET balance = :balance, held = :held, movements = movements + 1, last_sequence = :seq, updated_at = :at
                        WHERE account_id = :id AND last_sequence < :seq""")
                .param("id", m.accountId().value())
                .param("balance", m.balanceAfter().value())
                .param("held", m.heldAfter().value())
                .param("seq", seq)
                .param("at", at)
                .update();
        jdbc.sql("""
                        INSERT INTO account_movement (account_id, sequence_number, kind, reason, amount, balance_after, held_after,
                                                      idempotency_key, actor, counterpart, occurred_at)
                        VALUES (:id, :seq, :kind, :reason, :amount, :balance, :held, :key, :actor, :counterpart, :at)
                        ON CONFLICT (account_id, sequence_number) DO NOTHING""")
                .param("id", m.accountId().value())
                .param("seq", seq)
                .param("kind", m.kind().name())
                .param("reason", m.reason().name())
                .param("amount", m.amount().value())
                .param("balance", m.balanceAfter().value())
                .param("held", m.heldAfter().value())
                .param("key", m.idempotencyKey())
                .param("actor", m.actor().value())
                .param("counterpart", m.counterpart())
                .param("at", at)
                .update();
    }

    /** A replay starts from empty tables. */
    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE account_balance, account_movement").update();
    }
}
