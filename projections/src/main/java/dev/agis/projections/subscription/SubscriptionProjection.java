package dev.agis.projections.subscription;

import dev.agis.domain.common.PlayerId;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionActivated;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionCancelled;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionExpired;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentFailed;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionRenewed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Each player's current tier and subscription status. Idempotent: a row only moves forward in
 * aggregate sequence. While a renewal is being charged the player keeps the tier; the benefits
 * change only when a subscription activates or expires.
 */
@Component
@ProcessingGroup(SubscriptionProjection.GROUP)
public class SubscriptionProjection {

    public static final String GROUP = "subscriptions";

    private final JdbcClient jdbc;

    public SubscriptionProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SubscriptionPaymentRequested e, @SequenceNumber long seq) {
        if (e.initial()) {
            // not a subscriber yet: free benefits while the first payment runs
            upsert(e.playerId(), "free", "pending_payment", BigDecimal.ONE, 3, null, seq, e.occurredAt());
        }
    }

    @EventHandler
    void on(SubscriptionActivated e, @SequenceNumber long seq) {
        upsert(e.playerId(), e.tier(), "active", e.rewardMultiplier(), e.maxConcurrentServers(), e.periodEnd(), seq, e.occurredAt());
    }

    @EventHandler
    void on(SubscriptionRenewed e, @SequenceNumber long seq) {
        upsert(e.playerId(), e.tier(), "active", e.rewardMultiplier(), e.maxConcurrentServers(), e.periodEnd(), seq, e.occurredAt());
    }

    @EventHandler
    void on(SubscriptionCancelled e, @SequenceNumber long seq) {
        jdbc.sql("UPDATE player_subscription SET status = 'cancelled', last_sequence = :seq, updated_at = :at WHERE player_id = :p AND last_sequence < :seq")
                .param("p", e.playerId().value()).param("seq", seq).param("at", Timestamp.from(e.occurredAt())).update();
    }

    @EventHandler
    void on(SubscriptionPaymentFailed e, @SequenceNumber long seq) {
        upsert(e.playerId(), "free", "payment_failed", BigDecimal.ONE, 3, null, seq, e.occurredAt());
    }

    @EventHandler
    void on(SubscriptionExpired e, @SequenceNumber long seq) {
        upsert(e.playerId(), "free", "expired", BigDecimal.ONE, 3, null, seq, e.occurredAt());
    }

    private void upsert(PlayerId player, String tier, String status, BigDecimal multiplier, int servers, Instant periodEnd,
                        long seq, Instant at) {
        jdbc.sql("""
                        INSERT INTO player_subscription (player_id, tier, status, reward_multiplier, max_concurrent_servers, period_end,
                                                         last_sequence, updated_at)
                        VALUES (:p, :tier, :status, :m, :servers, :end, :seq, :at)
                        ON CONFLICT (player_id) DO UPDATE
                        SET tier = :tier, status = :status, reward_multiplier = :m, max_concurrent_servers = :servers,
                            period_end = :end, last_sequence = :seq, updated_at = :at
                        WHERE player_subscription.last_sequence < :seq""")
                .param("p", player.value()).param("tier", tier).param("status", status).param("m", multiplier)
                .param("servers", servers).param("end", periodEnd == null ? null : Timestamp.from(periodEnd))
                .param("seq", seq).param("at", Timestamp.from(at))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE player_subscription").update();
    }
}
