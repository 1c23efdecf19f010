package dev.agis.command.account;

import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.common.Credits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** {@link LedgerKeys} on the {@code ledger_key} table (see the Flyway migrations). */
@Component
public class JdbcLedgerKeys implements LedgerKeys {

    private final JdbcClient jdbc;

    public JdbcLedgerKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<MovementOutcome> find(AccountId account, String idempotencyKey) {
        return jdbc.sql("""
                        SELECT kind, amount, balance_after, held_after FROM ledger_key
                        WHERE account_id = :account AND idempotency_key = :key""")
                .param("account", account.value())
                .param("key", idempotencyKey)
                .query((rs, n) -> new MovementOutcome(account, idempotencyKey, MovementKind.valueOf(rs.getString(1)),
                        Credits.of(rs.getLong(2)), Credits.of(rs.getLong(3)), Credits.of(rs.getLong(4)), false))
                .optional();
    }

    /**
     * Records a movement's key. A plain INSERT on purpose: a second row for the same key can only
     * come from a race, and its unique-key violation rolls the whole command back.
     */
    void record(Movement m, long sequence) {
        jdbc.sql("""
                        INSERT INTO ledger_key (account_id, idempotency_key, kind, amount, balance_after, held_after, sequence_number)
                        VALUES (:account, :key, :kind, :amount, :balance, :held, :seq)""")
                .param("account", m.accountId().value())
                .param("key", m.idempotencyKey())
                .param("kind", m.kind().name())
                .param("amount", m.amount().value())
                .param("balance", m.balanceAfter().value())
                .param("held", m.heldAfter().value())
                .param("seq", sequence)
                .update();
    }
}
