package dev.agis.command.server;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.server.ServerCommands.BeginStart;
import dev.agis.domain.server.ServerCommands.ConfirmAllocation;
import dev.agis.domain.server.ServerCommands.ConfirmRenewal;
import dev.agis.domain.server.ServerCommands.CreateServer;
import dev.agis.domain.server.ServerCommands.ReportAllocationFailed;
import dev.agis.domain.server.ServerCommands.ReportRenewalUnpaid;
import dev.agis.domain.server.ServerCommands.ReportServerLost;
import dev.agis.domain.server.ServerCommands.RestartServer;
import dev.agis.domain.server.ServerCommands.SetAutoRenew;
import dev.agis.domain.server.ServerCommands.StartPlan;
import dev.agis.domain.server.ServerCommands.StopServer;
import dev.agis.domain.server.ServerCommands.TerminateServer;
import dev.agis.domain.server.ServerCommands.WarnLowFunds;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerAutoRenewChanged;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerFundsLow;
import dev.agis.domain.server.ServerEvents.ServerPaymentMissed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerEvents.ServerRenewed;
import dev.agis.domain.server.ServerEvents.ServerRequested;
import dev.agis.domain.server.ServerEvents.ServerRestartRequested;
import dev.agis.domain.server.ServerEvents.ServerStartRequested;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import dev.agis.domain.server.ServerEvents.ServerStopped;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerPrice;
import dev.agis.domain.server.ServerState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A game server (SPEC §2.4). Money is never touched here: the provisioning service holds the
 * first period before the server exists, the billing process captures, renews and refunds in
 * reaction to the events. The server only decides which period is paid and when it ends; the end
 * of a period is a persistent Axon deadline, so it survives restarts and fires once.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class GameServer {

    /** Prepaid per started hour. */
    public static final Duration PERIOD = Duration.ofHours(1);
    public static final String PERIOD_END = "server-period-end";
    public static final String GRACE_END = "server-grace-end";
    static final String FUNDS_EXHAUSTED = "funds exhausted at the end of the paid period";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.\\-]{0,47}");
    static final Actor BILLING = Actor.system("billing");

    @AggregateIdentifier
    private String id;
    private AccountId owner;
    private String templateId;
    private String game;
    private String fleet;
    /** What the owner pays per started hour: the template's price for this owner (guild discount applied). */
    private long costPerHour;
    private int graceMinutes;
    /** The period whose grace was given (one grace per period). */
    private int graceGivenFor = -1;
    private boolean autoRenew;
    private ServerState state;
    /** The current (last opened) period and the highest period number ever handed out. */
    private int period;
    private int lastIssuedPeriod;
    private Instant paidUntil;
    private String pendingHoldId;
    private String allocationId;
    private int allocations;
    private String gameServerName;
    private Integer renewalDue;
    private Set<Integer> renewed = new HashSet<>();
    private int lastWarnedPeriod = -1;

    protected GameServer() {
    }

    @CommandHandler
    public GameServer(CreateServer cmd, Clock clock) {
        requireName(cmd.name());
        if (cmd.owner() == null || cmd.template() == null || cmd.holdId() == null || cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "owner, template, hold and actor are required");
        }
        ServerPrice price = cmd.template().priceFor(cmd.owner().kind());
        apply(new ServerRequested(cmd.serverId(), cmd.owner(), cmd.template().id(), cmd.template().game(), cmd.template().fleet(),
                cmd.name(), price.perHour(), cmd.autoRenew(), cmd.holdId(), cmd.heldAmount(),
                allocationIdFor(cmd.serverId().value(), 1), cmd.actor(), clock.instant(), cmd.template().graceMinutes()));
    }

    @CommandHandler
    public StartPlan handle(BeginStart cmd, Clock clock) {
        requireOwner(cmd.requester());
        requireState("start", ServerState.STOPPED, ServerState.CRASHED);
        int next = lastIssuedPeriod + 1;
        String holdId = id + "/period-" + next;
        apply(new ServerStartRequested(ServerId.of(id), owner, templateId, fleet, next, holdId, Credits.of(costPerHour),
                allocationIdFor(id, allocations + 1), cmd.actor(), clock.instant()));
        return new StartPlan(ServerId.of(id), owner, next, holdId, Credits.of(costPerHour));
    }

    @CommandHandler
    public void handle(StopServer cmd, Clock clock) {
        requireOwner(cmd.requester());
        if (isSystem(cmd.actor()) && state != ServerState.RUNNING && state != ServerState.RESTARTING) {
            return; // a timer or the billing process raced a person: the server is already down
        }
        requireState("stop", ServerState.RUNNING, ServerState.RESTARTING);
        apply(new ServerStopped(ServerId.of(id), owner, gameServerName, cmd.reason() == null ? "stopped by owner" : cmd.reason(),
                cmd.actor(), clock.instant()));
    }

    @CommandHandler
    public void handle(RestartServer cmd, Clock clock) {
        requireOwner(cmd.requester());
        if (isSystem(cmd.actor()) && state != ServerState.RUNNING) {
            return;
        }
        requireState("restart", ServerState.RUNNING);
        apply(new ServerRestartRequested(ServerId.of(id), owner, fleet, templateId, gameServerName,
                allocationIdFor(id, allocations + 1), cmd.actor(), clock.instant()));
    }

    @CommandHandler
    public void handle(TerminateServer cmd, Clock clock) {
        requireOwner(cmd.requester());
        requireState("terminate", ServerState.RUNNING, ServerState.RESTARTING, ServerState.STOPPED, ServerState.CRASHED);
        apply(new ServerTerminated(ServerId.of(id), owner, gameServerName, cmd.actor(), clock.instant()));
    }

    @CommandHandler
    public void handle(SetAutoRenew cmd, Clock clock) {
        requireOwner(cmd.requester());
        if (state.isFinal()) {
            throw new DomainException(ServerError.INVALID_STATE, "server " + id + " is " + state.name().toLowerCase());
        }
        if (cmd.autoRenew() != autoRenew) {
            apply(new ServerAutoRenewChanged(ServerId.of(id), cmd.autoRenew(), cmd.actor(), clock.instant()));
        }
    }

    @CommandHandler
    public boolean handle(ConfirmAllocation cmd, Clock clock, DeadlineManager deadlines) {
        if (!cmd.allocationId().equals(allocationId)) {
            return false; // stale: the server was stopped or restarted meanwhile; the caller releases it
        }
        Instant now = clock.instant();
        if (state == ServerState.REQUESTED) {
            Instant until = now.plus(PERIOD);
            apply(new ServerStarted(ServerId.of(id), owner, game, cmd.allocationId(), cmd.gameServerName(), cmd.address(), cmd.port(),
                    period, pendingHoldId, until, false, now));
            deadlines.schedule(until, PERIOD_END, new ServerPeriodEnd(period));
        } else if (state == ServerState.RESTARTING) {
            apply(new ServerStarted(ServerId.of(id), owner, game, cmd.allocationId(), cmd.gameServerName(), cmd.address(), cmd.port(),
                    period, null, paidUntil, true, now));
        } else {
            // confirmed before: the same game server again is a repeat; another one was allocated
            // twice (a redelivered request) and nobody would claim it, so the caller releases it
            return Objects.equals(cmd.gameServerName(), gameServerName);
        }
        return true;
    }

    @CommandHandler
    public void handle(ReportAllocationFailed cmd, Clock clock) {
        if (!cmd.allocationId().equals(allocationId)) {
            return;
        }
        if (state == ServerState.REQUESTED) {
            apply(new ServerAllocationFailed(ServerId.of(id), owner, cmd.allocationId(), pendingHoldId,
                    period == 0 ? ServerState.FAILED : ServerState.STOPPED, cmd.reason(), clock.instant()));
        } else if (state == ServerState.RESTARTING) {
            crash("restart failed: " + cmd.reason(), clock.instant());
        }
    }

    @CommandHandler
    public void handle(ReportServerLost cmd, Clock clock) {
        if (state == ServerState.RUNNING && cmd.gameServerName() != null && cmd.gameServerName().equals(gameServerName)) {
            crash(cmd.reason(), clock.instant());
        }
    }

    @CommandHandler
    public boolean handle(ConfirmRenewal cmd, Clock clock, DeadlineManager deadlines) {
        if (renewed.contains(cmd.period())) {
            return true;
        }
        boolean running = state == ServerState.RUNNING || state == ServerState.RESTARTING;
        if (!running || renewalDue == null || renewalDue != cmd.period()) {
            return false; // stopped meanwhile: billing refunds the debit
        }
        Instant until = paidUntil.plus(PERIOD);
        apply(new ServerRenewed(ServerId.of(id), owner, cmd.period(), Credits.of(costPerHour), until, clock.instant()));
        deadlines.schedule(until, PERIOD_END, new ServerPeriodEnd(cmd.period()));
        return true;
    }

    /**
     * Billing could not debit period {@code period}. The first time, and when the template has a
     * grace period, the server keeps running unpaid until the grace ends; otherwise it stops now.
     */
    @CommandHandler
    public void handle(ReportRenewalUnpaid cmd, Clock clock, DeadlineManager deadlines) {
        boolean running = state == ServerState.RUNNING || state == ServerState.RESTARTING;
        if (!running || renewalDue == null || renewalDue != cmd.period()) {
            return; // stopped or paid meanwhile
        }
        Instant now = clock.instant();
        if (graceMinutes > 0 && graceGivenFor != cmd.period()) {
            Instant stopsAt = now.plus(Duration.ofMinutes(graceMinutes));
            apply(new ServerPaymentMissed(ServerId.of(id), owner, cmd.period(), Credits.of(costPerHour), stopsAt, now));
            deadlines.schedule(stopsAt, GRACE_END, new ServerGraceEnd(cmd.period()));
            return;
        }
        apply(new ServerStopped(ServerId.of(id), owner, gameServerName,
                graceGivenFor == cmd.period() ? "funds exhausted: the grace period ended unpaid" : FUNDS_EXHAUSTED,
                BILLING, now));
    }

    @CommandHandler
    public void handle(WarnLowFunds cmd, Clock clock) {
        boolean running = state == ServerState.RUNNING || state == ServerState.RESTARTING;
        if (running && cmd.period() == period && lastWarnedPeriod < cmd.period()) {
            // the next period will go unpaid: the server stops when its grace after this one ends
            apply(new ServerFundsLow(ServerId.of(id), owner, cmd.period(), cmd.available(),
                    paidUntil.plus(Duration.ofMinutes(graceMinutes)), clock.instant()));
        }
    }

    /** The paid period ends: renew, or stop when auto-renew is off. Stale deadlines are ignored. */
    @DeadlineHandler(deadlineName = PERIOD_END)
    public void on(ServerPeriodEnd end, Clock clock) {
        boolean running = state == ServerState.RUNNING || state == ServerState.RESTARTING;
        if (!running || end.period() != period || renewalDue != null) {
            return;
        }
        if (autoRenew) {
            apply(new ServerRenewalDue(ServerId.of(id), owner, lastIssuedPeriod + 1, Credits.of(costPerHour), clock.instant()));
        } else {
            apply(new ServerStopped(ServerId.of(id), owner, gameServerName, "paid period ended and auto-renew is off",
                    BILLING, clock.instant()));
        }
    }

    /** The grace of an unpaid period ends: ask billing for the period once more (same debit key). */
    @DeadlineHandler(deadlineName = GRACE_END)
    public void on(ServerGraceEnd end, Clock clock) {
        boolean running = state == ServerState.RUNNING || state == ServerState.RESTARTING;
        if (running && renewalDue != null && renewalDue == end.period() && graceGivenFor == end.period()) {
            apply(new ServerRenewalDue(ServerId.of(id), owner, end.period(), Credits.of(costPerHour), clock.instant()));
        }
    }

    // --- rules -------------------------------------------------------------------------------

    private void crash(String reason, Instant now) {
        long unusedMinutes = paidUntil == null || !now.isBefore(paidUntil) ? 0 : Duration.between(now, paidUntil).toMinutes();
        long refund = costPerHour * unusedMinutes / PERIOD.toMinutes();
        apply(new ServerCrashed(ServerId.of(id), owner, gameServerName, period, Credits.of(refund),
                reason == null ? "lost by the fleet" : reason, now));
    }

    private void requireOwner(AccountId requester) {
        if (requester == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "the requesting account is required");
        }
        if (!requester.equals(owner)) {
            throw new DomainException(ServerError.NOT_OWNER, requester + " does not own server " + id);
        }
    }

    private void requireState(String action, ServerState... allowed) {
        for (ServerState s : allowed) {
            if (state == s) {
                return;
            }
        }
        throw new DomainException(ServerError.INVALID_STATE,
                "cannot " + action + " server " + id + " while it is " + state.name().toLowerCase());
    }

    static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DomainException(ServerError.INVALID_NAME,
                    "server name must be 1-48 letters, digits, spaces, '_', '.' or '-', starting with a letter or digit");
        }
    }

    private static boolean isSystem(Actor actor) {
        return actor != null && actor.value().startsWith("system:");
    }

    static String allocationIdFor(String serverId, int n) {
        return serverId + "/alloc-" + n;
    }

    // --- state -------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(ServerRequested e) {
        id = e.serverId().value();
        owner = e.owner();
        templateId = e.templateId();
        game = e.game();
        fleet = e.fleet();
        costPerHour = e.costPerHour().value();
        graceMinutes = e.graceMinutes() == null ? 0 : e.graceMinutes();
        autoRenew = e.autoRenew();
        state = ServerState.REQUESTED;
        period = 0;
        lastIssuedPeriod = 0;
        pendingHoldId = e.holdId();
        allocationId = e.allocationId();
        allocations = 1;
    }

    @EventSourcingHandler
    void on(ServerStartRequested e) {
        state = ServerState.REQUESTED;
        period = e.period();
        lastIssuedPeriod = e.period();
        pendingHoldId = e.holdId();
        allocationId = e.allocationId();
        allocations++;
        renewalDue = null;
    }

    @EventSourcingHandler
    void on(ServerStarted e) {
        state = ServerState.RUNNING;
        gameServerName = e.gameServerName();
        paidUntil = e.paidUntil();
        pendingHoldId = null;
    }

    @EventSourcingHandler
    void on(ServerAllocationFailed e) {
        state = e.stateAfter();
        pendingHoldId = null;
        allocationId = null;
    }

    @EventSourcingHandler
    void on(ServerRestartRequested e) {
        state = ServerState.RESTARTING;
        allocationId = e.allocationId();
        allocations++;
        gameServerName = null;
    }

    @EventSourcingHandler
    void on(ServerStopped e) {
        state = ServerState.STOPPED;
        allocationId = null;
        gameServerName = null;
        renewalDue = null;
    }

    @EventSourcingHandler
    void on(ServerTerminated e) {
        state = ServerState.TERMINATED;
        allocationId = null;
        gameServerName = null;
        renewalDue = null;
    }

    @EventSourcingHandler
    void on(ServerCrashed e) {
        state = ServerState.CRASHED;
        allocationId = null;
        gameServerName = null;
        renewalDue = null;
    }

    @EventSourcingHandler
    void on(ServerRenewalDue e) {
        renewalDue = e.period();
        lastIssuedPeriod = e.period();
    }

    @EventSourcingHandler
    void on(ServerRenewed e) {
        period = e.period();
        paidUntil = e.paidUntil();
        renewed.add(e.period());
        renewalDue = null;
    }

    @EventSourcingHandler
    void on(ServerPaymentMissed e) {
        graceGivenFor = e.period();
    }

    @EventSourcingHandler
    void on(ServerFundsLow e) {
        lastWarnedPeriod = e.period();
    }

    @EventSourcingHandler
    void on(ServerAutoRenewChanged e) {
        autoRenew = e.autoRenew();
    }
}
