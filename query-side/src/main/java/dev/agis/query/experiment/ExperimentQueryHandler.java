package dev.agis.query.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.experiment.Assignment;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.ExperimentQueries.Comparison;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentList;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentView;
import dev.agis.domain.experiment.ExperimentQueries.FindAssignment;
import dev.agis.domain.experiment.ExperimentQueries.FindExperiment;
import dev.agis.domain.experiment.ExperimentQueries.FindExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.ListExperiments;
import dev.agis.domain.experiment.ExperimentQueries.PlayerAssignment;
import dev.agis.domain.experiment.ExperimentQueries.VariantResult;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.Variant;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers experiment queries: definitions from the {@code experiment} table, results from the
 * per-variant sums of the "experiment-results" projection (a few rows, whatever the player count).
 */
@Component
public class ExperimentQueryHandler {

    static final int MAX_LIST = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Variant>> VARIANTS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            experiment_key, description, hypothesis, status, variants, control_variant, traffic_percent,
            primary_metric, alpha, reward_experiment, created_at, started_at, stopped_at, archived_at""";

    private final JdbcClient jdbc;

    public ExperimentQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public ExperimentList handle(ListExperiments q) {
        boolean after = q.afterCreatedAt() != null && q.afterKey() != null;
        var spec = jdbc.sql("SELECT " + COLUMNS + """
                         FROM experiment
                        WHERE (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                          AND (CAST(:afterAt AS TIMESTAMPTZ) IS NULL OR (created_at, experiment_key) < (:afterAt, :afterKey))
                        ORDER BY created_at DESC, experiment_key DESC
                        LIMIT :limit""")
                .param("status", q.status() == null ? null : q.status().name())
                .param("afterAt", after ? Timestamp.from(q.afterCreatedAt()) : null)
                .param("afterKey", q.afterKey())
                .param("limit", Math.max(1, Math.min(q.limit(), MAX_LIST)));
        return new ExperimentList(spec.query(ExperimentQueryHandler::view).list());
    }

    @QueryHandler
    public ExperimentView handle(FindExperiment q) {
        return find(q.key()).orElseThrow(() -> notFound(q.key()));
    }

    @QueryHandler
    public PlayerAssignment handle(FindAssignment q) {
        if (q.playerId() == null) {
            throw new DomainException(ExperimentError.INVALID_PLAYER, "a player id is required");
        }
        ExperimentView e = handle(new FindExperiment(q.key()));
        double hash = Assignment.hash(e.key().value(), q.playerId().value());
        int index = Assignment.Plan.of(e.variants(), e.trafficPercent()).variantIndex(hash);
        return new PlayerAssignment(e.key(), q.playerId(), e.status(), index < 0 ? null : e.variants().get(index).name(), hash);
    }

    @QueryHandler
    public ExperimentResults handle(FindExperimentResults q) {
        ExperimentView e = handle(new FindExperiment(q.key()));
        Map<String, Sums> sums = new HashMap<>();
        jdbc.sql("""
                        SELECT variant, players, converters, conversions, gc_sum, gc_sum_squares
                        FROM experiment_variant_stats WHERE experiment_key = :key""")
                .param("key", q.key().value())
                .query(rs -> {
                    sums.put(rs.getString(1), new Sums(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getBigDecimal(5).toBigIntegerExact(), rs.getBigDecimal(6).toBigIntegerExact()));
                });
        return results(e, sums);
    }

    /** The results of one experiment from its per-variant sums (variants without exposures count as zero). */
    public static ExperimentResults results(ExperimentView e, Map<String, Sums> sums) {
        List<Variant> variants = e.variants();
        int[] weights = variants.stream().mapToInt(Variant::weight).toArray();
        long weightSum = 0;
        for (int w : weights) {
            weightSum += w;
        }
        long[] players = new long[variants.size()];
        Sums control = sums.getOrDefault(e.controlVariant(), Sums.EMPTY);
        ExperimentStatistics.Moments controlMoments = control.moments();
        List<VariantResult> rows = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Sums s = sums.getOrDefault(v.name(), Sums.EMPTY);
            players[i] = s.players();
            total += s.players();
            boolean isControl = v.name().equals(e.controlVariant());
            ExperimentStatistics.Moments m = s.moments();
            Comparison rate = isControl ? null
                    : ExperimentStatistics.twoProportion(control.converters(), control.players(), s.converters(), s.players(), e.alpha());
            Comparison gc = isControl ? null : ExperimentStatistics.welch(controlMoments, m, e.alpha());
            rows.add(new VariantResult(v.name(), isControl, v.weight(), v.weight() / (double) weightSum, s.players(),
                    s.converters(), s.conversions(), s.players() == 0 ? 0 : s.converters() / (double) s.players(),
                    s.gcSum().longValueExact(), m.mean(), Math.sqrt(m.variance()), rate, gc));
        }
        return new ExperimentResults(e.key(), e.status(), e.primaryMetric(), e.alpha(), total, rows,
                ExperimentStatistics.sampleRatio(players, weights));
    }

    /** One variant's row of the read model. */
    public record Sums(long players, long converters, long conversions, BigInteger gcSum, BigInteger gcSumSquares) {
        public static final Sums EMPTY = new Sums(0, 0, 0, BigInteger.ZERO, BigInteger.ZERO);

        ExperimentStatistics.Moments moments() {
            return new ExperimentStatistics.Moments(players, gcSum, gcSumSquares);
        }
    }

    Optional<ExperimentView> find(ExperimentKey key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM experiment WHERE experiment_key = :key")
                .param("key", key.value())
                .query(ExperimentQueryHandler::view)
                .optional();
    }

    /** The running reward experiment, if any (at most one: a unique index guarantees it). */
    Optional<ExperimentView> runningRewardExperiment() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM experiment WHERE status = 'RUNNING' AND reward_experiment")
                .query(ExperimentQueryHandler::view)
                .optional();
    }

    static DomainException notFound(ExperimentKey key) {
        return new DomainException(ExperimentError.EXPERIMENT_NOT_FOUND, "no experiment '" + key.value() + "'");
    }

    private static ExperimentView view(ResultSet rs, int row) throws SQLException {
        return new ExperimentView(ExperimentKey.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                ExperimentStatus.valueOf(rs.getString(4)), variants(rs.getString(5)), rs.getString(6), rs.getInt(7),
                ExperimentMetric.valueOf(rs.getString(8)), rs.getDouble(9), rs.getBoolean(10),
                instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static List<Variant> variants(String json) {
        try {
            return JSON.readValue(json, VARIANTS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
