package dev.agis.command.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.Variant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** {@link ExperimentRegistry} on the {@code experiment} table (Flyway V30). */
@Component
public class JdbcExperimentRegistry implements ExperimentRegistry {

    /** Variants are stored as JSON; its own mapper so no API setting can change the stored shape. */
    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Variant>> VARIANTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public JdbcExperimentRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Definition> find(ExperimentKey key) {
        return jdbc.sql("SELECT status, variants, traffic_percent, reward_experiment FROM experiment WHERE experiment_key = :key")
                .param("key", key.value())
                .query((rs, n) -> new Definition(key, ExperimentStatus.valueOf(rs.getString(1)), variants(rs.getString(2)),
                        rs.getInt(3), rs.getBoolean(4)))
                .optional();
    }

    @Override
    public Optional<ExperimentKey> runningRewardExperiment() {
        return jdbc.sql("SELECT experiment_key FROM experiment WHERE status = 'RUNNING' AND reward_experiment")
                .query((rs, n) -> ExperimentKey.of(rs.getString(1)))
                .optional();
    }

    public static List<Variant> variants(String json) {
        try {
            return JSON.readValue(json, VARIANTS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(List<Variant> variants) {
        try {
            return JSON.writeValueAsString(variants);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
