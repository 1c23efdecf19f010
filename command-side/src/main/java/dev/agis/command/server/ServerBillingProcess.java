package dev.agis.command.server;

import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Failures;
import dev.agis.domain.server.ServerCommands.ConfirmRenewal;
import dev.agis.domain.server.ServerCommands.ReportRenewalUnpaid;
import dev.agis.domain.server.ServerCommands.WarnLowFunds;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Moves the money of game servers in reaction to their events. Every ledger command carries a key
 * derived from the server id and period, so a redelivered event (crash, rebalancing, a second
 * instance) repeats the command as a no-op: a period is charged once and refunded at most once.
 * <ul>
 *   <li>started → capture the period's hold; allocation failed → release it (nothing charged)</li>
 *   <li>renewal due → debit {@code <server-id>/period-<n>}; confirm on the server; warn when the
 *       wallet cannot pay the next period; report it unpaid when it cannot pay this one (the server
 *       gives its grace period, then stops)</li>
 *   <li>crashed → credit the unused minutes back ({@code <server-id>/period-<n>/refund})</li>
 * </ul>
 */
@Component
@ProcessingGroup(ServerBillingProcess.GROUP)
@DisallowReplay
public class ServerBillingProcess {

    public static final String GROUP = "server-billing";
    static final Actor BILLING = GameServer.BILLING;

    private final CommandGateway commands;

    public ServerBillingProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(ServerStarted e) {
        if (e.holdId() != null) {
            commands.sendAndWait(new CaptureHold(e.owner(), e.holdId(), BILLING));
        }
    }

    @EventHandler
    void on(ServerAllocationFailed e) {
        if (e.holdId() != null) {
            commands.sendAndWait(new ReleaseHold(e.owner(), e.holdId(), BILLING, "allocation failed: " + e.reason()));
        }
    }

    @EventHandler
    public void on(ServerRenewalDue e) {
        String key = e.serverId().value() + "/period-" + e.period();
        MovementOutcome paid;
        try {
            paid = commands.sendAndWait(new DebitAccount(e.owner(), e.amount(), MovementReason.SERVER_COST, key, BILLING,
                    e.serverId().value()));
        } catch (RuntimeException failure) {
            if (Failures.isDomainError(failure, AccountError.INSUFFICIENT_FUNDS)) {
                // the server decides between its grace period and a stop
                commands.sendAndWait(new ReportRenewalUnpaid(e.serverId(), e.period()));
                return;
            }
            throw failure;
        }
        Boolean applied = commands.sendAndWait(new ConfirmRenewal(e.serverId(), e.period()));
        if (!Boolean.TRUE.equals(applied)) {
            // stopped while we were debiting: give the period back
            commands.sendAndWait(new CreditAccount(e.owner(), e.amount(), MovementReason.REFUND, key + "/refund", BILLING,
                    e.serverId().value()));
            return;
        }
        if (paid.availableAfter().isLessThan(e.amount())) {
            commands.sendAndWait(new WarnLowFunds(e.serverId(), e.period(), paid.availableAfter()));
        }
    }

    @EventHandler
    void on(ServerCrashed e) {
        if (e.refund().isPositive()) {
            commands.sendAndWait(new CreditAccount(e.owner(), e.refund(), MovementReason.REFUND,
                    e.serverId().value() + "/period-" + e.period() + "/refund", BILLING, e.serverId().value()));
        }
    }
}
