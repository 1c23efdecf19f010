package dev.agis.command.subscription;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.subscription.SubscriptionCommands.CancelSubscription;
import dev.agis.domain.subscription.SubscriptionCommands.EndSubscriptionPeriod;
import dev.agis.domain.subscription.SubscriptionCommands.RecordSubscriptionPayment;
import dev.agis.domain.subscription.SubscriptionCommands.Subscribe;
import dev.agis.domain.subscription.SubscriptionError;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionActivated;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionCancelled;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionExpired;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentFailed;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionRenewed;
import dev.agis.domain.subscription.SubscriptionId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A player's subscription (SPEC §2.7), id {@code subscription:<playerId>}.
 *
 * <p>Every period is charged by {@link SubscriptionBillingProcess} after a
 * {@link SubscriptionPaymentRequested}, under a key unique to (generation, period), so a period is
 * paid at most once however often the deadline fires or the process retries. The period end is a
 * persistent deadline (db-scheduler); a repeat for a period already handled changes nothing.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Subscription {

    enum Status { NONE, PENDING_INITIAL, ACTIVE, RENEWING, EXPIRED }

    @AggregateIdentifier
    private String id;
    private PlayerId playerId;
    private Status status = Status.NONE;
    private String tier;
    private int generation;
    private int period;
    private Instant periodStart;
    private Instant periodEnd;
    private boolean cancelled;

    protected Subscription() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(Subscribe cmd, SubscriptionSettings settings, Clock clock) {
        if (cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor is required");
        }
        if (!settings.isPaidTier(cmd.tier())) {
            throw new DomainException(SubscriptionError.UNKNOWN_TIER,
                    "tier must be one of " + settings.tiers().keySet().stream().filter(settings::isPaidTier).sorted().toList());
        }
        switch (status) {
            case PENDING_INITIAL, RENEWING -> throw new DomainException(SubscriptionError.PAYMENT_PENDING, "a payment of this subscription is in progress");
            case ACTIVE -> throw new DomainException(SubscriptionError.ALREADY_SUBSCRIBED,
                    "already subscribed to " + tier + (cancelled ? " (cancelled, runs until " + periodEnd + ")" : ""));
            default -> {
            }
        }
        Instant now = clock.instant();
        apply(new SubscriptionPaymentRequested(cmd.subscriptionId(), cmd.subscriptionId().playerId(), cmd.tier(),
                Credits.of(settings.tiers().get(cmd.tier()).monthlyPrice()), generation + 1, 1, now,
                endOf(now, settings), true, cmd.actor(), now));
        return "pending_payment";
    }

    @CommandHandler
    public String handle(CancelSubscription cmd, Clock clock) {
        if (status == Status.RENEWING) {
            throw new DomainException(SubscriptionError.PAYMENT_PENDING, "the renewal is being charged; cancel again in a moment");
        }
        if (status != Status.ACTIVE) {
            throw new DomainException(SubscriptionError.NOT_SUBSCRIBED, "there is no active subscription to cancel");
        }
        if (!cancelled) {
            apply(new SubscriptionCancelled(SubscriptionId.of(id), playerId, periodEnd, cmd.actor(), clock.instant()));
        }
        return "cancelled";
    }

    @CommandHandler
    public void handle(RecordSubscriptionPayment cmd, SubscriptionSettings settings, DeadlineManager deadlines, Clock clock) {
        boolean pending = status == Status.PENDING_INITIAL || status == Status.RENEWING;
        if (!pending || cmd.generation() != generation || cmd.period() != period) {
            return; // a repeat of an outcome already recorded
        }
        Instant now = clock.instant();
        SubscriptionId sid = SubscriptionId.of(id);
        if (!cmd.paid()) {
            if (status == Status.PENDING_INITIAL) {
                apply(new SubscriptionPaymentFailed(sid, playerId, tier, generation, period, cmd.failureCode(), now));
            } else {
                apply(new SubscriptionExpired(sid, playerId, "insufficient_funds", now));
            }
            return;
        }
        SubscriptionSettings.Tier t = settings.tiers().get(tier);
        Instant start = periodStart;
        if (status == Status.PENDING_INITIAL) {
            apply(new SubscriptionActivated(sid, playerId, tier, t.rewardMultiplier(), t.maxConcurrentServers(), generation, period,
                    start, periodEnd, now));
        } else {
            apply(new SubscriptionRenewed(sid, playerId, tier, t.rewardMultiplier(), t.maxConcurrentServers(), generation, period,
                    start, periodEnd, now));
        }
        deadlines.schedule(periodEnd, SubscriptionPeriodEnd.DEADLINE, new SubscriptionPeriodEnd(generation, period));
    }

    @CommandHandler
    public void handle(EndSubscriptionPeriod cmd, SubscriptionSettings settings, Clock clock) {
        endPeriod(cmd.generation(), cmd.period(), settings, clock);
    }

    @DeadlineHandler(deadlineName = SubscriptionPeriodEnd.DEADLINE)
    public void on(SubscriptionPeriodEnd due, SubscriptionSettings settings, Clock clock) {
        endPeriod(due.generation(), due.period(), settings, clock);
    }

    /** Renew (request the next period's payment) or expire a cancelled subscription; once per period. */
    private void endPeriod(int gen, int per, SubscriptionSettings settings, Clock clock) {
        if (status != Status.ACTIVE || gen != generation || per != period) {
            return;
        }
        Instant now = clock.instant();
        if (cancelled || !settings.isPaidTier(tier)) {
            apply(new SubscriptionExpired(SubscriptionId.of(id), playerId, cancelled ? "cancelled" : "tier_discontinued", now));
            return;
        }
        apply(new SubscriptionPaymentRequested(SubscriptionId.of(id), playerId, tier, Credits.of(settings.tiers().get(tier).monthlyPrice()),
                generation, period + 1, periodEnd, endOf(periodEnd, settings), false, Actor.system("billing"), now));
    }

    private static Instant endOf(Instant start, SubscriptionSettings settings) {
        return start.atZone(ZoneOffset.UTC).plus(settings.period()).toInstant();
    }

    // --- state -------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(SubscriptionPaymentRequested e) {
        id = e.subscriptionId().value();
        playerId = e.playerId();
        tier = e.tier();
        generation = e.generation();
        period = e.period();
        periodStart = e.periodStart();
        periodEnd = e.periodEnd();
        if (e.initial()) {
            status = Status.PENDING_INITIAL;
            cancelled = false;
        } else {
            status = Status.RENEWING;
        }
    }

    @EventSourcingHandler
    void on(SubscriptionActivated e) {
        status = Status.ACTIVE;
    }

    @EventSourcingHandler
    void on(SubscriptionRenewed e) {
        status = Status.ACTIVE;
    }

    @EventSourcingHandler
    void on(SubscriptionPaymentFailed e) {
        status = Status.NONE;
    }

    @EventSourcingHandler
    void on(SubscriptionCancelled e) {
        cancelled = true;
    }

    @EventSourcingHandler
    void on(SubscriptionExpired e) {
        status = Status.EXPIRED;
    }
}
