package dev.agis.domain.server;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the game-server context. {@code requester} is the account on whose behalf a person
 * acts (a player's wallet, or a guild treasury when a guild admin acts); the aggregate checks it
 * against the server's owner. System actors (billing, reconciliation, schedules) pass the owner.
 */
public final class ServerCommands {

    private ServerCommands() {
    }

    /**
     * Asks for a new server from a template, paid from {@code owner}. Handled by the provisioning
     * service: it checks the concurrent-server limit, holds the first period and creates the
     * server in one transaction, so a refused request changes nothing. Returns the {@link ServerId}.
     */
    public record RequestServer(ServerId serverId, AccountId owner, String templateId, String name,
                                boolean autoRenew, Actor actor) {
    }

    /** Starts a stopped or crashed server: new slot, new hold for one period, new allocation. */
    public record StartServer(ServerId serverId, AccountId requester, Actor actor) {
    }

    /** Internal: creates the aggregate once the first period is held. */
    public record CreateServer(@TargetAggregateIdentifier ServerId serverId, AccountId owner, ServerTemplate template,
                               String name, boolean autoRenew, String holdId, Credits heldAmount, Actor actor) {
    }

    /** Internal: the aggregate checks owner and state and opens the next period; answers a {@link StartPlan}. */
    public record BeginStart(@TargetAggregateIdentifier ServerId serverId, AccountId requester, Actor actor) {
    }

    /** What a start needs to hold. */
    public record StartPlan(ServerId serverId, AccountId owner, int period, String holdId, Credits amount) {
    }

    public record StopServer(@TargetAggregateIdentifier ServerId serverId, AccountId requester, Actor actor, String reason) {
    }

    public record RestartServer(@TargetAggregateIdentifier ServerId serverId, AccountId requester, Actor actor) {
    }

    public record TerminateServer(@TargetAggregateIdentifier ServerId serverId, AccountId requester, Actor actor) {
    }

    public record SetAutoRenew(@TargetAggregateIdentifier ServerId serverId, AccountId requester, boolean autoRenew, Actor actor) {
    }

    /**
     * From the fleet: allocation {@code allocationId} is up. Answers true when accepted (also when
     * repeated with the same game server), false when stale or when the allocation already has
     * another game server: the fleet releases what is refused.
     */
    public record ConfirmAllocation(@TargetAggregateIdentifier ServerId serverId, String allocationId,
                                    String gameServerName, String address, int port) {
    }

    /** From the fleet: allocation {@code allocationId} could not be done. */
    public record ReportAllocationFailed(@TargetAggregateIdentifier ServerId serverId, String allocationId, String reason) {
    }

    /** From the fleet or reconciliation: the game server of a running server is gone or unhealthy. */
    public record ReportServerLost(@TargetAggregateIdentifier ServerId serverId, String gameServerName, String reason) {
    }

    /** From billing: period {@code period} was paid (debit key {@code <server-id>/period-<n>}). Answers true when applied. */
    public record ConfirmRenewal(@TargetAggregateIdentifier ServerId serverId, int period) {
    }

    /**
     * From billing: the owner cannot pay period {@code period}. The server decides: a grace period
     * the first time (the template's), a stop when there is none or it has run out.
     */
    public record ReportRenewalUnpaid(@TargetAggregateIdentifier ServerId serverId, int period) {
    }

    /** From billing: after period {@code period} the wallet cannot pay another one. */
    public record WarnLowFunds(@TargetAggregateIdentifier ServerId serverId, int period, Credits available) {
    }
}
