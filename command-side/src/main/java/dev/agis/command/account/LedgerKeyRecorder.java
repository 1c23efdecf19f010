package dev.agis.command.account;

import dev.agis.domain.account.AccountEvents.Movement;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Writes each movement's idempotency key. Runs in the subscribing processing group
 * {@value #GROUP}: in the command's own unit of work and database transaction, so a movement and
 * its key are stored together or not at all.
 */
@Component
@ProcessingGroup(LedgerKeyRecorder.GROUP)
public class LedgerKeyRecorder {

    public static final String GROUP = "ledger-keys";

    private final JdbcLedgerKeys keys;

    public LedgerKeyRecorder(JdbcLedgerKeys keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(Movement movement, @SequenceNumber long sequence) {
        keys.record(movement, sequence);
    }
}
