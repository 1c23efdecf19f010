package dev.agis.projections.deadletter;

import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only fault in the {@code ledger} projection's processing group: the ledger movements of the
 * accounts in {@link #FAILING}, from the given sequence number on, fail in SQL (PostgreSQL then aborts the statement's transaction, the
 * hardest case for a dead-letter queue). It runs before the ledger projection, so a failing event
 * reaches no read model. Component scanning puts it into every context of the test JVM (in-process
 * CLI runs included), and the map is static so that a fault and its fix apply to all of them (an
 * event handled before the fault and delivered again by another context still succeeds); it
 * lives in the projections' package because only their handlers run behind savepoints.
 */
@Component
@ProcessingGroup("ledger")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InjectedLedgerFault {

    /** Account → the first sequence number that fails. */
    public static final Map<AccountId, Long> FAILING = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;

    public InjectedLedgerFault(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountCredited e, @SequenceNumber long sequence) {
        failIfInjected(e.accountId(), sequence);
    }

    @EventHandler
    void on(AccountDebited e, @SequenceNumber long sequence) {
        failIfInjected(e.accountId(), sequence);
    }

    @EventHandler
    void on(TransferSent e, @SequenceNumber long sequence) {
        failIfInjected(e.accountId(), sequence);
    }

    private void failIfInjected(AccountId account, long sequence) {
        Long from = FAILING.get(account);
        if (from != null && sequence >= from) {
            jdbc.sql("SELECT 1 / 0").query(Integer.class).single();
        }
    }
}
