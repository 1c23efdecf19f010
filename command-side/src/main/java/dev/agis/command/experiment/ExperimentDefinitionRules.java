package dev.agis.command.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.Variant;
import dev.agis.domain.experiment.VariantSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of an experiment definition: variants, weights, JSON configs, the reward marker,
 * traffic allocation and alpha. Pure functions, so the aggregate stays readable.
 */
final class ExperimentDefinitionRules {

    static final int MIN_VARIANTS = 2;
    static final int MAX_VARIANTS = 10;
    static final int MAX_WEIGHT = 10_000;
    static final int MAX_CONFIG_CHARS = 4_000;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_HYPOTHESIS = 2_000;
    /** The config key the reward algorithm reads (flat key or nested path). */
    static final String REWARD_MULTIPLIER = "reward.multiplier";
    static final BigDecimal MAX_MULTIPLIER = BigDecimal.TEN;

    private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExperimentDefinitionRules() {
    }

    static String description(String description) {
        if (description == null || description.isBlank() || description.length() > MAX_DESCRIPTION) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "description must be 1.." + MAX_DESCRIPTION + " characters");
        }
        return description.strip();
    }

    static String hypothesis(String hypothesis) {
        if (hypothesis != null && hypothesis.length() > MAX_HYPOTHESIS) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "hypothesis must be at most " + MAX_HYPOTHESIS + " characters");
        }
        return hypothesis == null || hypothesis.isBlank() ? null : hypothesis.strip();
    }

    static int traffic(int percent) {
        if (percent < 0 || percent > 100) {
            throw new DomainException(ExperimentError.INVALID_TRAFFIC, "traffic allocation must be 0..100 percent, was " + percent);
        }
        return percent;
    }

    static double alpha(Double alpha) {
        double a = alpha == null ? 0.05 : alpha;
        if (!(a > 0 && a <= 0.5)) {
            throw new DomainException(ExperimentError.INVALID_ALPHA, "alpha must be in (0, 0.5], was " + alpha);
        }
        return a;
    }

    /** Validates the variants and the control; every config becomes normalised JSON. */
    static List<Variant> variants(List<VariantSpec> specs, String control) {
        if (specs == null || specs.size() < MIN_VARIANTS || specs.size() > MAX_VARIANTS) {
            throw new DomainException(ExperimentError.INVALID_VARIANTS,
                    "an experiment needs " + MIN_VARIANTS + ".." + MAX_VARIANTS + " variants, had " + (specs == null ? 0 : specs.size()));
        }
        Set<String> names = new HashSet<>();
        List<Variant> variants = new ArrayList<>();
        int withMultiplier = 0;
        for (VariantSpec spec : specs) {
            if (spec == null || spec.name() == null || !VARIANT_NAME.matcher(spec.name()).matches()) {
                throw new DomainException(ExperimentError.INVALID_VARIANTS,
                        "variant names must be 1..64 characters of A-Z, a-z, 0-9, '-' or '_', was '" + (spec == null ? null : spec.name()) + "'");
            }
            if (!names.add(spec.name())) {
                throw new DomainException(ExperimentError.DUPLICATE_VARIANT, "variant '" + spec.name() + "' is defined twice");
            }
            if (spec.weight() <= 0 || spec.weight() > MAX_WEIGHT) {
                throw new DomainException(ExperimentError.INVALID_WEIGHT,
                        "variant '" + spec.name() + "' needs a weight of 1.." + MAX_WEIGHT + ", was " + spec.weight());
            }
            JsonNode config = config(spec.name(), spec.config());
            BigDecimal multiplier = rewardMultiplier(spec.name(), config);
            if (multiplier != null) {
                withMultiplier++;
            }
            variants.add(new Variant(spec.name(), spec.weight(), config.toString(), multiplier));
        }
        if (withMultiplier != 0 && withMultiplier != variants.size()) {
            throw new DomainException(ExperimentError.INVALID_REWARD_MULTIPLIER,
                    "a reward experiment sets " + REWARD_MULTIPLIER + " in every variant (control usually 1); "
                            + withMultiplier + " of " + variants.size() + " variants set it");
        }
        if (control == null || !names.contains(control)) {
            throw new DomainException(ExperimentError.MISSING_CONTROL,
                    "the control variant must be one of the variants " + names + ", was '" + control + "'");
        }
        return variants;
    }

    private static JsonNode config(String variant, String raw) {
        String text = raw == null || raw.isBlank() ? "{}" : raw;
        if (text.length() > MAX_CONFIG_CHARS) {
            throw new DomainException(ExperimentError.INVALID_CONFIG,
                    "config of variant '" + variant + "' must be at most " + MAX_CONFIG_CHARS + " characters");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new DomainException(ExperimentError.INVALID_CONFIG, "config of variant '" + variant + "' must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DomainException(ExperimentError.INVALID_CONFIG,
                    "config of variant '" + variant + "' is not well-formed JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code reward.multiplier} as a flat key, or {@code {"reward": {"multiplier": …}}}; null when absent. */
    static BigDecimal rewardMultiplier(String variant, JsonNode config) {
        JsonNode value = config.has(REWARD_MULTIPLIER) ? config.get(REWARD_MULTIPLIER) : config.path("reward").path("multiplier");
        if (value.isMissingNode()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new DomainException(ExperimentError.INVALID_REWARD_MULTIPLIER,
                    REWARD_MULTIPLIER + " of variant '" + variant + "' must be a number, was " + value);
        }
        BigDecimal m = value.decimalValue();
        if (m.signum() <= 0 || m.compareTo(MAX_MULTIPLIER) > 0) {
            throw new DomainException(ExperimentError.INVALID_REWARD_MULTIPLIER,
                    REWARD_MULTIPLIER + " of variant '" + variant + "' must be > 0 and <= " + MAX_MULTIPLIER + ", was " + m);
        }
        return m.stripTrailingZeros();
    }
}
