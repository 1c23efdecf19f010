package dev.agis.command.account;

import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.MovementReason;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Completes a transfer: credits the destination of every {@link TransferSent} with the transfer id
 * as idempotency key. A crash or a redelivery repeats the credit, which the key turns into a no-op,
 * so the money arrives exactly once. It sends commands, so a projection replay never re-runs it.
 */
@Component
@DisallowReplay
@ProcessingGroup(TransferProcess.GROUP)
public class TransferProcess {

    public static final String GROUP = "transfers";

    private final CommandGateway commands;

    public TransferProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(TransferSent sent) {
        commands.sendAndWait(new CreditAccount(sent.to(), sent.amount(), MovementReason.TRANSFER_IN,
                "transfer/" + sent.transferId(), sent.actor(), "transfer:" + sent.transferId() + " from " + sent.accountId()));
    }
}
