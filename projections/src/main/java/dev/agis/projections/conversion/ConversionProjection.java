package dev.agis.projections.conversion;

import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionFlagged;
import dev.agis.domain.conversion.ConversionEvents.ConversionRecorded;
import dev.agis.domain.conversion.ConversionEvents.ConversionRecordedAfterReversal;
import dev.agis.domain.conversion.ConversionEvents.ConversionRejected;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.regex.Pattern;

/**
 * One row per conversion for analytics (by day, type, tier, status, provider) and the admin's
 * review list. Idempotent: every write is an upsert whose result does not depend on how often it runs.
 * A reversal may come first; the row is then created by it and completed by the conversion.
 */
@Component
@ProcessingGroup(ConversionProjection.GROUP)
public class ConversionProjection {

    public static final String GROUP = "conversions";

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,8})?");

    private final JdbcClient jdbc;

    public ConversionProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConversionRewarded e) {
        record(e, "rewarded", e.reward().value(), null);
    }

    @EventHandler
    void on(ConversionFlagged e) {
        record(e, "flagged", 0, String.join(",", e.reasons()));
    }

    @EventHandler
    void on(ConversionRecordedAfterReversal e) {
        record(e, "cancelled", 0, null);
    }

    @EventHandler
    void on(ConversionApproved e) {
        jdbc.sql("UPDATE conversion_view SET status = 'approved', credited = :c, updated_at = :at WHERE conversion_id = :id AND status = 'flagged'")
                .param("id", e.conversionId().value()).param("c", e.reward().value()).param("at", Timestamp.from(e.occurredAt()))
                .update();
    }

    @EventHandler
    void on(ConversionRejected e) {
        jdbc.sql("UPDATE conversion_view SET status = 'rejected', updated_at = :at WHERE conversion_id = :id AND status = 'flagged'")
                .param("id", e.conversionId().value()).param("at", Timestamp.from(e.occurredAt()))
                .update();
    }

    @EventHandler
    void on(ConversionReversed e) {
        Timestamp at = Timestamp.from(e.occurredAt());
        jdbc.sql("""
                        INSERT INTO conversion_view (conversion_id, provider, transaction_id, player_id, type, status,
                                                     reversed_amount, reversed_at, updated_at)
                        VALUES (:id, :provider, :tx, :player, 'reversal', 'reversed', :debit, :at, :at)
                        ON CONFLICT (conversion_id) DO UPDATE
                        SET status = 'reversed', reversed_amount = :debit, reversed_at = :at, updated_at = :at""")
                .param("id", e.conversionId().value())
                .param("provider", e.conversionId().provider())
                .param("tx", e.conversionId().transactionId())
                .param("player", e.playerId().value())
                .param("debit", e.debit().value())
                .param("at", at)
                .update();
    }

    private void record(ConversionRecorded e, String status, long credited, String reasons) {
        Timestamp at = Timestamp.from(e.occurredAt());
        // a row made by an earlier reversal keeps its 'reversed' status
        jdbc.sql("""
                        INSERT INTO conversion_view (conversion_id, provider, transaction_id, player_id, type, tier, status,
                                                     currency_amount, reward, credited, flag_reasons, tier_multiplier,
                                                     experiment_multiplier, experiment_key, variant, offer_id, payout_usd,
                                                     payout_usd_amount, recorded_at, updated_at)
                        VALUES (:id, :provider, :tx, :player, :type, :tier, :status, :amount, :reward, :credited, :reasons,
                                :tm, :em, :ek, :variant, :offer, :payout, :payoutAmount, :at, :at)
                        ON CONFLICT (conversion_id) DO UPDATE
                        SET type = :type, tier = :tier, currency_amount = :amount, reward = :reward, flag_reasons = :reasons,
                            tier_multiplier = :tm, experiment_multiplier = :em, experiment_key = :ek, variant = :variant,
                            offer_id = :offer, payout_usd = :payout, payout_usd_amount = :payoutAmount, recorded_at = :at,
                            status = CASE WHEN conversion_view.status = 'reversed' THEN 'reversed' ELSE :status END,
                            credited = CASE WHEN conversion_view.status = 'reversed' THEN conversion_view.credited ELSE :credited END""")
                .param("id", e.conversionId().value())
                .param("provider", e.conversionId().provider())
                .param("tx", e.transactionId())
                .param("player", e.playerId().value())
                .param("type", e.type())
                .param("tier", e.factors().tier())
                .param("status", status)
                .param("amount", e.currencyAmount())
                .param("reward", e.reward().value())
                .param("credited", credited)
                .param("reasons", reasons)
                .param("tm", e.factors().tierMultiplier())
                .param("em", e.factors().experimentMultiplier())
                .param("ek", e.factors().experimentKey())
                .param("variant", e.factors().variant())
                .param("offer", e.details().get("offer_id"))
                .param("payout", e.details().get("payout_usd"))
                .param("payoutAmount", payoutAmount(e.details().get("payout_usd")))
                .param("at", at)
                .update();
    }

    /** The payout as a number for revenue reports; null for text that is not a plain decimal (the network's typo). */
    static BigDecimal payoutAmount(String payoutUsd) {
        return payoutUsd != null && DECIMAL.matcher(payoutUsd).matches() ? new BigDecimal(payoutUsd) : null;
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE conversion_view").update();
    }

}
