package dev.agis.command.conversion;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.ApproveConversion;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionCommands.RecordReversal;
import dev.agis.domain.conversion.ConversionCommands.RejectConversion;
import dev.agis.domain.conversion.ConversionError;
import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionFlagged;
import dev.agis.domain.conversion.ConversionEvents.ConversionRecordedAfterReversal;
import dev.agis.domain.conversion.ConversionEvents.ConversionRejected;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import dev.agis.domain.conversion.ConversionOutcome;
import dev.agis.domain.conversion.ConversionOutcome.Status;
import dev.agis.domain.conversion.RewardFactors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One ad-network conversion and its reversal (SPEC §2.2), id {@code conversion:<provider>:<transaction id>}.
 *
 * <p>Money rule: the player is credited at most once ({@code credited}), by the reward process on
 * {@link ConversionRewarded} or {@link ConversionApproved}; a reversal debits exactly
 * {@code credited}. A reversal that comes first marks the conversion reversed, so the conversion,
 * when it arrives, is recorded but never credited: no money is created in either order.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Conversion {

    enum State { NEW, REWARDED, FLAGGED, APPROVED, REJECTED, CANCELLED }

    @AggregateIdentifier
    private String id;
    private String transactionId;
    private PlayerId playerId;
    private String type;
    private State state = State.NEW;
    private long pendingReward;
    private long credited;
    private boolean reversed;

    protected Conversion() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ConversionOutcome handle(RecordConversion cmd, ConversionSettings settings, ConversionVelocity velocity, Clock clock) {
        requirePlayer(cmd.playerId());
        if (cmd.currencyAmount() == null || cmd.currencyAmount().signum() < 0) {
            throw new DomainException(ConversionError.INVALID_AMOUNT, "currency_amount of a conversion must be ≥ 0");
        }
        if (cmd.transactionId() == null || !cmd.conversionId().transactionId().equals(cmd.transactionId())) {
            throw new DomainException(ConversionError.INVALID_TRANSACTION_ID, "transaction id does not match the conversion id");
        }
        RewardFactors factors = cmd.factors() == null ? RewardFactors.NONE : cmd.factors();
        if (state != State.NEW) {
            return outcome(Status.DUPLICATE, List.of());
        }
        RewardPolicy.Reward reward = RewardPolicy.compute(cmd.currencyAmount(), factors, settings.rewardCap());
        Instant now = clock.instant();
        Map<String, String> details = cmd.details() == null ? Map.of() : Map.copyOf(cmd.details());
        if (reversed) {
            apply(new ConversionRecordedAfterReversal(cmd.conversionId(), cmd.transactionId(), cmd.playerId(), cmd.type(),
                    cmd.currencyAmount(), factors, reward.reward(), details, now));
            velocity.recorded(cmd.playerId());
            return outcome(Status.ALREADY_REVERSED, List.of());
        }
        long recent = velocity.countSince(cmd.playerId(), now.minus(Duration.ofHours(1)));
        List<String> reasons = FraudRules.evaluate(
                new FraudRules.Input(cmd.playerId(), recent, reward.uncapped(), cmd.sourceAllowed()), settings.fraud());
        if (!reasons.isEmpty()) {
            apply(new ConversionFlagged(cmd.conversionId(), cmd.transactionId(), cmd.playerId(), cmd.type(), cmd.currencyAmount(),
                    factors, reward.reward(), reward.capped(), reasons, details, now));
            velocity.recorded(cmd.playerId());
            return outcome(Status.FLAGGED, reasons);
        }
        apply(new ConversionRewarded(cmd.conversionId(), cmd.transactionId(), cmd.playerId(), cmd.type(), cmd.currencyAmount(),
                factors, reward.reward(), reward.capped(), details, now));
        velocity.recorded(cmd.playerId());
        return outcome(Status.REWARDED, List.of());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ConversionOutcome handle(RecordReversal cmd, Clock clock) {
        requirePlayer(cmd.playerId());
        if (cmd.reversalTransactionId() == null || cmd.reversalTransactionId().isBlank()) {
            throw new DomainException(ConversionError.INVALID_TRANSACTION_ID, "a reversal needs its transaction id");
        }
        if (cmd.currencyAmount() == null || cmd.currencyAmount().signum() > 0) {
            throw new DomainException(ConversionError.INVALID_AMOUNT, "currency_amount of a reversal must be ≤ 0");
        }
        if (reversed) {
            return outcome(Status.DUPLICATE, List.of());
        }
        boolean known = state != State.NEW;
        // The credited player is the one to debit, whatever the reversal callback claims.
        PlayerId player = known ? playerId : cmd.playerId();
        apply(new ConversionReversed(cmd.conversionId(), cmd.reversalTransactionId(), player, cmd.currencyAmount(),
                Credits.of(credited), known, cmd.reason(), cmd.details() == null ? Map.of() : Map.copyOf(cmd.details()),
                clock.instant()));
        return outcome(Status.REVERSED, List.of());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ConversionOutcome handle(ApproveConversion cmd, Clock clock) {
        requireAdmin(cmd.admin());
        requireRecorded(cmd.conversionId().value());
        if (state == State.APPROVED) {
            return outcome(Status.DUPLICATE, List.of());
        }
        requireFlaggedAndNotReversed();
        apply(new ConversionApproved(cmd.conversionId(), transactionId, playerId, type, Credits.of(pendingReward), cmd.admin(),
                cmd.note(), clock.instant()));
        return outcome(Status.APPROVED, List.of());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ConversionOutcome handle(RejectConversion cmd, Clock clock) {
        requireAdmin(cmd.admin());
        requireRecorded(cmd.conversionId().value());
        if (state == State.REJECTED) {
            return outcome(Status.DUPLICATE, List.of());
        }
        requireFlaggedAndNotReversed();
        apply(new ConversionRejected(cmd.conversionId(), transactionId, playerId, cmd.admin(), cmd.note(), clock.instant()));
        return outcome(Status.REJECTED, List.of());
    }

    // --- rules -------------------------------------------------------------------------------

    /** A {@link PlayerId} is well-formed by construction; what is left to check is that there is one. */
    private static void requirePlayer(PlayerId playerId) {
        if (playerId == null) {
            throw new DomainException(ConversionError.INVALID_PLAYER, "a player id is required");
        }
    }

    private static void requireAdmin(dev.agis.domain.common.Actor admin) {
        if (admin == null || !admin.value().startsWith("admin:")) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "only an admin may approve or reject a conversion");
        }
    }

    private void requireRecorded(String conversionId) {
        if (state == State.NEW) {
            throw new DomainException(ConversionError.CONVERSION_NOT_FOUND, "no conversion " + conversionId + " was recorded");
        }
    }

    private void requireFlaggedAndNotReversed() {
        if (reversed) {
            throw new DomainException(ConversionError.ALREADY_REVERSED, "the conversion was reversed by the ad network");
        }
        if (state != State.FLAGGED) {
            throw new DomainException(ConversionError.NOT_FLAGGED, "only a flagged conversion can be approved or rejected, this one is " + state);
        }
    }

    private ConversionOutcome outcome(Status status, List<String> reasons) {
        long reward = state == State.FLAGGED ? pendingReward : credited;
        return new ConversionOutcome(dev.agis.domain.conversion.ConversionId.of(id), status, Credits.of(reward), reasons);
    }

    // --- state -------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(ConversionRewarded e) {
        recorded(e.conversionId().value(), e.transactionId(), e.playerId(), e.type());
        state = State.REWARDED;
        credited = e.reward().value();
    }

    @EventSourcingHandler
    void on(ConversionFlagged e) {
        recorded(e.conversionId().value(), e.transactionId(), e.playerId(), e.type());
        state = State.FLAGGED;
        pendingReward = e.reward().value();
    }

    @EventSourcingHandler
    void on(ConversionRecordedAfterReversal e) {
        recorded(e.conversionId().value(), e.transactionId(), e.playerId(), e.type());
        state = State.CANCELLED;
    }

    @EventSourcingHandler
    void on(ConversionApproved e) {
        state = State.APPROVED;
        credited = e.reward().value();
        pendingReward = 0;
    }

    @EventSourcingHandler
    void on(ConversionRejected e) {
        state = State.REJECTED;
        pendingReward = 0;
    }

    @EventSourcingHandler
    void on(ConversionReversed e) {
        id = e.conversionId().value();
        reversed = true;
        if (playerId == null) {
            playerId = e.playerId();
        }
    }

    private void recorded(String conversionId, String transactionId, PlayerId playerId, String type) {
        this.id = conversionId;
        this.transactionId = transactionId;
        this.playerId = playerId;
        this.type = type;
    }
}
