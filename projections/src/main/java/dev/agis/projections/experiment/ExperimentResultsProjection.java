package dev.agis.projections.experiment;

import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentStarted;
import dev.agis.domain.experiment.ExperimentEvents.ExperimentStopped;
import dev.agis.domain.experiment.ExperimentEvents.PlayerExposed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Per-variant sums for the experiment results: exposed players, converters, conversions, and the
 * sum and sum of squares of each player's ad-reward GameCredits after exposure.
 *
 * <p>Tracking: every {@code AccountCredited} with reason {@code AD_REWARD} on a player's wallet is
 * attributed to each experiment that player was exposed to and that has not stopped yet. The
 * processor runs with one segment, so events arrive in global order: an exposure recorded before a
 * reward is always seen before it, and "not stopped" means "not stopped when the reward happened".
 *
 * <p>Idempotent: an exposure counts once (primary key), a reward counts once because each player
 * row remembers the last wallet sequence number it attributed (a wallet's events arrive in order).
 */
@Component
@ProcessingGroup(ExperimentResultsProjection.GROUP)
public class ExperimentResultsProjection {

    public static final String GROUP = "experiment-results";

    private final JdbcClient jdbc;

    public ExperimentResultsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ExperimentStarted e) {
        tracking().ifPresent(keys -> keys.add(e.key().value()));
        jdbc.sql("""
                        INSERT INTO experiment_tracking (experiment_key, tracking) VALUES (:key, TRUE)
                        ON CONFLICT (experiment_key) DO NOTHING""")
                .param("key", e.key().value())
                .update();
    }

    @EventHandler
    void on(ExperimentStopped e) {
        tracking().ifPresent(keys -> keys.remove(e.key().value()));
        jdbc.sql("""
                        INSERT INTO experiment_tracking (experiment_key, tracking) VALUES (:key, FALSE)
                        ON CONFLICT (experiment_key) DO UPDATE SET tracking = FALSE""")
                .param("key", e.key().value())
                .update();
    }

    @EventHandler
    void on(PlayerExposed e) {
        int inserted = jdbc.sql("""
                        INSERT INTO experiment_player (experiment_key, player_id, variant, exposed_at)
                        VALUES (:key, :player, :variant, :at)
                        ON CONFLICT (experiment_key, player_id) DO NOTHING""")
                .param("key", e.experimentKey().value())
                .param("player", e.playerId().value())
                .param("variant", e.variant())
                .param("at", Timestamp.from(e.exposedAt()))
                .update();
        if (inserted == 1) {
            jdbc.sql("""
                            INSERT INTO experiment_variant_stats (experiment_key, variant, players) VALUES (:key, :variant, 1)
                            ON CONFLICT (experiment_key, variant) DO UPDATE SET players = experiment_variant_stats.players + 1""")
                    .param("key", e.experimentKey().value())
                    .param("variant", e.variant())
                    .update();
        }
    }

    @EventHandler
    void on(AccountCredited e, @SequenceNumber long sequence) {
        if (e.reason() != MovementReason.AD_REWARD || e.accountId().kind() != AccountKind.USER) {
            return;
        }
        if (tracking().map(Set::isEmpty).orElse(false)) {
            return; // no experiment is tracking: nothing to attribute, and no query per reward
        }
        String player = e.accountId().ownerId();
        long amount = e.amount().value();
        List<PlayerRow> rows = jdbc.sql("""
                        SELECT p.experiment_key, p.variant, p.conversions, p.gc_value
                        FROM experiment_player p
                        JOIN experiment_tracking t ON t.experiment_key = p.experiment_key AND t.tracking
                        WHERE p.player_id = :player AND p.last_ledger_sequence < :seq""")
                .param("player", player)
                .param("seq", sequence)
                .query((rs, n) -> new PlayerRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
        for (PlayerRow row : rows) {
            jdbc.sql("""
                            UPDATE experiment_player
                            SET conversions = conversions + 1, gc_value = gc_value + :amount, last_ledger_sequence = :seq
                            WHERE experiment_key = :key AND player_id = :player""")
                    .param("amount", amount)
                    .param("seq", sequence)
                    .param("key", row.experimentKey())
                    .param("player", player)
                    .update();
            // (x + a)^2 - x^2 = 2xa + a^2 keeps the sum of squares of per-player totals exact
            jdbc.sql("""
                            UPDATE experiment_variant_stats
                            SET converters = converters + :newConverter,
                                conversions = conversions + 1,
                                gc_sum = gc_sum + :amount,
                                gc_sum_squares = gc_sum_squares + (2 * CAST(:before AS NUMERIC) * :amount) + (CAST(:amount AS NUMERIC) * :amount)
                            WHERE experiment_key = :key AND variant = :variant""")
                    .param("newConverter", row.conversions() == 0 ? 1 : 0)
                    .param("amount", amount)
                    .param("before", row.gcValue())
                    .param("key", row.experimentKey())
                    .param("variant", row.variant())
                    .update();
        }
    }

    /**
     * The keys of the experiments tracking rewards, read once per unit of work (a processor batch, or a
     * replay chunk of thousands of events) and kept current by the start/stop handlers in it.
     * Only this processor writes them and it holds the one segment's claim for the batch, so the set
     * cannot go stale within it; between batches it is read again. Empty outside a unit of work.
     */
    private Optional<Set<String>> tracking() {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return Optional.of(root.getOrComputeResource(ExperimentResultsProjection.class.getName() + ".tracking",
                key -> new HashSet<>(jdbc.sql("SELECT experiment_key FROM experiment_tracking WHERE tracking")
                        .query(String.class).list())));
    }

    private record PlayerRow(String experimentKey, String variant, long conversions, long gcValue) {
    }

    /** A replay starts from empty tables. */
    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE experiment_tracking, experiment_player, experiment_variant_stats").update();
    }
}
