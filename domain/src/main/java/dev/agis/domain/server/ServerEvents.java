package dev.agis.domain.server;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;

import java.time.Instant;

/**
 * Events of the game-server context. Periods are numbered from 0 over the server's whole life;
 * period 0 and every (re)start are paid by a hold {@code <server-id>/period-<n>}, renewals by a
 * debit with the idempotency key {@code <server-id>/period-<n>}.
 */
public final class ServerEvents {

    private ServerEvents() {
    }

    /** Everything an event of a server names. */
    public sealed interface ServerEvent permits ServerRequested, ServerStartRequested, ServerStarted, ServerAllocationFailed,
            ServerRestartRequested, ServerStopped, ServerTerminated, ServerCrashed, ServerRenewalDue, ServerRenewed,
            ServerFundsLow, ServerAutoRenewChanged, ServerPaymentMissed {
        ServerId serverId();

        Instant occurredAt();
    }

    /**
     * Funds for the first period are held; the fleet should allocate {@code allocationId}.
     * {@code costPerHour} is what the owner pays per hour (the guild discount already taken off);
     * {@code graceMinutes} is the template's grace period, absent (no grace) in events stored before it existed.
     */
    public record ServerRequested(ServerId serverId, AccountId owner, String templateId, String game, String fleet,
                                  String name, Credits costPerHour, boolean autoRenew, String holdId, Credits heldAmount,
                                  String allocationId, Actor actor, Instant occurredAt, Integer graceMinutes) implements ServerEvent {
    }

    /** A stopped server is started again; {@code holdId} holds period {@code period}. */
    public record ServerStartRequested(ServerId serverId, AccountId owner, String templateId, String fleet, int period,
                                       String holdId, Credits heldAmount, String allocationId, Actor actor,
                                       Instant occurredAt) implements ServerEvent {
    }

    /** Allocated and reachable. {@code holdId} (if any) is to be captured; paid until {@code paidUntil}. */
    public record ServerStarted(ServerId serverId, AccountId owner, String game, String allocationId, String gameServerName,
                                String address, int port, int period, String holdId, Instant paidUntil,
                                boolean restart, Instant occurredAt) implements ServerEvent {
    }

    /** The allocation failed: the hold {@code holdId} is to be released; nothing is charged. */
    public record ServerAllocationFailed(ServerId serverId, AccountId owner, String allocationId, String holdId,
                                         ServerState stateAfter, String reason, Instant occurredAt) implements ServerEvent {
    }

    /** The game server is to be replaced by a new allocation within the paid period. */
    public record ServerRestartRequested(ServerId serverId, AccountId owner, String fleet, String templateId,
                                         String previousGameServerName, String allocationId, Actor actor,
                                         Instant occurredAt) implements ServerEvent {
    }

    /** Released from the fleet. The started period is not refunded (prepaid per started hour). */
    public record ServerStopped(ServerId serverId, AccountId owner, String gameServerName, String reason, Actor actor,
                                Instant occurredAt) implements ServerEvent {
    }

    /** Deleted for good. */
    public record ServerTerminated(ServerId serverId, AccountId owner, String gameServerName, Actor actor,
                                   Instant occurredAt) implements ServerEvent {
    }

    /**
     * The fleet lost the server while it ran. {@code refund} (unused whole minutes of the current
     * period) is credited back with key {@code <server-id>/period-<n>/refund}.
     */
    public record ServerCrashed(ServerId serverId, AccountId owner, String gameServerName, int period, Credits refund,
                                String reason, Instant occurredAt) implements ServerEvent {
    }

    /** The paid period {@code period - 1} ends now; billing is to debit period {@code period}. */
    public record ServerRenewalDue(ServerId serverId, AccountId owner, int period, Credits amount,
                                   Instant occurredAt) implements ServerEvent {
    }

    public record ServerRenewed(ServerId serverId, AccountId owner, int period, Credits amount, Instant paidUntil,
                                Instant occurredAt) implements ServerEvent {
    }

    /** Warning one period ahead: the wallet cannot pay the period after {@code period}; the server stops then. */
    public record ServerFundsLow(ServerId serverId, AccountId owner, int period, Credits available, Instant stopsAt,
                                 Instant occurredAt) implements ServerEvent {
    }

    /**
     * The owner could not pay period {@code period} ({@code amount}): the server keeps running
     * unpaid until {@code stopsAt} (the template's grace period). Then the period is asked for once
     * more: paid, the server goes on and every hour it ran is charged; unpaid, it stops.
     */
    public record ServerPaymentMissed(ServerId serverId, AccountId owner, int period, Credits amount, Instant stopsAt,
                                       Instant occurredAt) implements ServerEvent {
    }

    public record ServerAutoRenewChanged(ServerId serverId, boolean autoRenew, Actor actor, Instant occurredAt) implements ServerEvent {
    }
}
