package dev.agis.domain.conversion;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.math.BigDecimal;
import java.util.Map;

/** Commands of the conversions context (SPEC §2.2). Each returns a {@link ConversionOutcome}. */
public final class ConversionCommands {

    private ConversionCommands() {
    }

    /**
     * Records a paid conversion reported by the ad network. A repeat of the same transaction is a
     * no-op returning {@link ConversionOutcome.Status#DUPLICATE}.
     *
     * @param currencyAmount the callback's {@code currency_amount} (GC, ≥ 0), before multipliers
     * @param sourceAllowed  false when the source address is outside the allow-list and enforcement
     *                       is set to flag rather than refuse
     * @param details        the recorded callback parameters (offer, placement, custom_1..5, …)
     */
    public record RecordConversion(@TargetAggregateIdentifier ConversionId conversionId,
                                   String transactionId,
                                   PlayerId playerId,
                                   String type,
                                   BigDecimal currencyAmount,
                                   RewardFactors factors,
                                   boolean sourceAllowed,
                                   Map<String, String> details) {
    }

    /**
     * Records a reversal (chargeback) of a conversion. It is sent to the original conversion's
     * aggregate; {@code reversalTransactionId} is the {@code r-…} id of the callback.
     */
    public record RecordReversal(@TargetAggregateIdentifier ConversionId conversionId,
                                 String reversalTransactionId,
                                 PlayerId playerId,
                                 BigDecimal currencyAmount,
                                 String reason,
                                 Map<String, String> details) {
    }

    /** An admin releases a flagged conversion: it is credited (exactly once). */
    public record ApproveConversion(@TargetAggregateIdentifier ConversionId conversionId, Actor admin, String note) {
    }

    /** An admin confirms a flagged conversion as fraud: it is never credited. */
    public record RejectConversion(@TargetAggregateIdentifier ConversionId conversionId, Actor admin, String note) {
    }
}
