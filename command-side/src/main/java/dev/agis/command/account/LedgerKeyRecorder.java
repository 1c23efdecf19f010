package dev.agis.command.account;

import dev.agis.domain.account.AccountEvents.Movement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Writes each movement's idempotency key when the event store does not ({@link LedgerKeyAppend}
 * writes it with the event in the JDBC store; this handler does with Axon Server). Runs in the
 * subscribing processing group {@value #GROUP}: in the command's own unit of work and database
 * transaction, so a movement and its key are stored together or not at all.
 *
 * <p>Also counts the movements for the dashboards ({@code agis_ledger_movements_total{kind,reason}}),
 * once the transaction committed: a movement rolled back (e.g. a concurrent append of the same
 * sequence, retried by the gateway) is not counted. Subscribing processors never replay, so a
 * projection rebuild does not count movements again.
 */
@Component
@ProcessingGroup(LedgerKeyRecorder.GROUP)
public class LedgerKeyRecorder {

    public static final String GROUP = "ledger-keys";

    private final JdbcLedgerKeys keys;
    private final boolean storeWritesKeys;
    private final Meter.MeterProvider<Counter> movements;

    public LedgerKeyRecorder(JdbcLedgerKeys keys, ObjectProvider<LedgerKeyAppend> storeWritesKeys, MeterRegistry meters) {
        this.keys = keys;
        this.storeWritesKeys = storeWritesKeys.getIfAvailable() != null;
        this.movements = Counter.builder("agis.ledger.movements").description("Ledger movements stored, by kind and reason")
                .withRegistry(meters);
    }

    @EventHandler
    void on(Movement movement, @SequenceNumber long sequence) {
        if (!storeWritesKeys) {
            keys.record(movement, sequence);
        }
        Counter counter = movements.withTags("kind", movement.kind().name().toLowerCase(Locale.ROOT),
                "reason", movement.reason().name().toLowerCase(Locale.ROOT));
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> counter.increment());
        } else {
            counter.increment();
        }
    }
}
