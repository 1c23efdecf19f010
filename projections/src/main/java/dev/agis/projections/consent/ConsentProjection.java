package dev.agis.projections.consent;

import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentEvents.ConsentGranted;
import dev.agis.domain.consent.ConsentEvents.ConsentWithdrawn;
import dev.agis.domain.consent.ConsentPurpose;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Each player's current consent per purpose. Idempotent: a row only moves forward in aggregate
 * sequence (one Consent aggregate per player and purpose). Holds no personal data: ids, purpose,
 * policy version and channel.
 */
@Component
@ProcessingGroup(ConsentProjection.GROUP)
public class ConsentProjection {

    public static final String GROUP = "consents";

    private final JdbcClient jdbc;

    public ConsentProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConsentGranted e, @SequenceNumber long seq) {
        upsert(e.playerId(), e.purpose(), true, e.policyVersion(), e.channel(), e.occurredAt(), seq);
    }

    @EventHandler
    void on(ConsentWithdrawn e, @SequenceNumber long seq) {
        upsert(e.playerId(), e.purpose(), false, e.policyVersion(), e.channel(), e.occurredAt(), seq);
    }

    private void upsert(PlayerId player, ConsentPurpose purpose, boolean granted, String version, String channel, Instant at, long seq) {
        jdbc.sql("""
                        INSERT INTO player_consent (player_id, purpose, granted, policy_version, channel, changed_at, last_sequence)
                        VALUES (:p, :purpose, :granted, :version, :channel, :at, :seq)
                        ON CONFLICT (player_id, purpose) DO UPDATE
                        SET granted = :granted, policy_version = :version, channel = :channel, changed_at = :at, last_sequence = :seq
                        WHERE player_consent.last_sequence < :seq""")
                .param("p", player.value()).param("purpose", purpose.wireName()).param("granted", granted)
                .param("version", version).param("channel", channel).param("at", Timestamp.from(at)).param("seq", seq)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE player_consent").update();
    }
}
