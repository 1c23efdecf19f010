package dev.agis.domain.conversion;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.privacy.PersonalData;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Events of the conversions context. Each carries what the analytics projection and the reward
 * process need; the applied factors are stored so every reward can be explained and replayed.
 *
 * <p>{@code details} holds the callback's free text (custom_1..5, offer_name, placement_identifier,
 * chargeback_reason) and its source address, which are personal data: stored encrypted with the
 * player's key, erased with it. The keys listed in {@code plainKeys} describe the offer, not the
 * person, and stay readable for analytics after an erasure.
 */
public final class ConversionEvents {

    private ConversionEvents() {
    }

    /** Common fields of a recorded conversion (rewarded, flagged or cancelled by an earlier reversal). */
    public sealed interface ConversionRecorded permits ConversionRewarded, ConversionFlagged, ConversionRecordedAfterReversal {
        ConversionId conversionId();

        String transactionId();

        PlayerId playerId();

        String type();

        BigDecimal currencyAmount();

        RewardFactors factors();

        Credits reward();

        Map<String, String> details();

        Instant occurredAt();
    }

    /** A conversion passed every fraud rule; the reward process credits {@code reward} to the player. */
    public record ConversionRewarded(ConversionId conversionId, String transactionId, PlayerId playerId, String type,
                                     BigDecimal currencyAmount, RewardFactors factors, Credits reward, boolean capped,
                                     @PersonalData(plainKeys = {"offer_id", "payout_usd", "adslot_id", "event_name", "callback_type", "currency_identifier", "chargeback_date"}) Map<String, String> details,
                                     Instant occurredAt) implements ConversionRecorded {
    }

    /**
     * A conversion tripped one or more fraud rules: recorded, not credited, a security notification.
     * {@code reward} is what approval would credit.
     */
    public record ConversionFlagged(ConversionId conversionId, String transactionId, PlayerId playerId, String type,
                                    BigDecimal currencyAmount, RewardFactors factors, Credits reward, boolean capped,
                                    List<String> reasons,
                                    @PersonalData(plainKeys = {"offer_id", "payout_usd", "adslot_id", "event_name", "callback_type", "currency_identifier", "chargeback_date"}) Map<String, String> details,
                                    Instant occurredAt) implements ConversionRecorded {
    }

    /** The conversion arrived after its reversal: recorded for the audit, never credited. */
    public record ConversionRecordedAfterReversal(ConversionId conversionId, String transactionId, PlayerId playerId, String type,
                                                  BigDecimal currencyAmount, RewardFactors factors, Credits reward,
                                                  @PersonalData(plainKeys = {"offer_id", "payout_usd", "adslot_id", "event_name", "callback_type", "currency_identifier", "chargeback_date"}) Map<String, String> details,
                                                  Instant occurredAt) implements ConversionRecorded {
    }

    /** An admin approved a flagged conversion; the reward process credits {@code reward}. */
    public record ConversionApproved(ConversionId conversionId, String transactionId, PlayerId playerId, String type, Credits reward,
                                     Actor admin, String note, Instant occurredAt) {
    }

    public record ConversionRejected(ConversionId conversionId, String transactionId, PlayerId playerId, Actor admin,
                                     String note, Instant occurredAt) {
    }

    /**
     * A reversal was recorded. {@code debit} is what the reward process takes back from the player:
     * exactly what was credited (zero when nothing was: unknown, flagged, rejected conversion).
     *
     * @param originalKnown false when the reversal arrived before (or without) its conversion
     */
    public record ConversionReversed(ConversionId conversionId, String reversalTransactionId, PlayerId playerId,
                                     BigDecimal currencyAmount, Credits debit, boolean originalKnown, @PersonalData String reason,
                                     @PersonalData(plainKeys = {"offer_id", "payout_usd", "adslot_id", "event_name", "callback_type", "currency_identifier", "chargeback_date"}) Map<String, String> details,
                                     Instant occurredAt) {
    }
}
