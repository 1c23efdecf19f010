package dev.agis.http.ayet;

import dev.agis.domain.conversion.ConversionOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The ayeT meters (docs/ayet-integration.md §7), described once: the controller times answers and
 * counts refusals, the inbox workers count outcomes.
 */
@Component
public class AyetMetrics {

    private static final Logger log = LoggerFactory.getLogger(AyetMetrics.class);
    static final String PROVIDER = "ayet";

    // Meters are described once; each call only adds its tags (builders with SLO buckets per
    // request cost 6 % of the request threads' CPU). Histogram buckets only: Prometheus computes
    // the quantiles, client-side percentiles would cost a sliding-window update per callback.
    private final Meter.MeterProvider<Timer> latency;
    private final Meter.MeterProvider<Counter> conversions;
    private final Meter.MeterProvider<Counter> conversionsByTier;
    private final Meter.MeterProvider<Counter> fraudAttempts;

    public AyetMetrics(MeterRegistry meters) {
        this.latency = Timer.builder("agis.ad.callback.latency").description("Time to answer an ad-network callback")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1))
                .withRegistry(meters);
        this.conversions = Counter.builder("agis.ad.conversions").description("Ad-network callbacks handled, by outcome")
                .withRegistry(meters);
        this.conversionsByTier = Counter.builder("agis.ad.conversions.by.tier")
                .description("Conversions by the player's subscription tier").withRegistry(meters);
        this.fraudAttempts = Counter.builder("agis.ad.fraud.attempts").description("Callbacks refused or flagged by a fraud rule")
                .withRegistry(meters);
    }

    void answered(String kind, long nanos) {
        latency.withTags("provider", PROVIDER, "status", kind).record(nanos, TimeUnit.NANOSECONDS);
    }

    void fraud(String reason) {
        fraudAttempts.withTags("provider", PROVIDER, "reason", reason).increment();
    }

    /** A callback's command committed with this outcome; {@code tier} is null for a reversal. */
    void handled(ConversionOutcome outcome, String type, String tier) {
        conversions.withTags("provider", PROVIDER, "type", type, "status", outcome.status().name().toLowerCase()).increment();
        if (outcome.status() == ConversionOutcome.Status.FLAGGED) {
            outcome.flagReasons().forEach(this::fraud);
            log.warn("SECURITY conversion {} flagged: {}", outcome.conversionId(), outcome.flagReasons());
        }
        if (tier != null && (outcome.status() == ConversionOutcome.Status.REWARDED || outcome.status() == ConversionOutcome.Status.FLAGGED)) {
            conversionsByTier.withTags("tier", tier).increment();
        }
    }

    /** The core refused a stored callback for good (it would have been a 400 when answered synchronously). */
    void rejected(String reason) {
        conversions.withTags("provider", PROVIDER, "type", "unknown", "status", "rejected").increment();
        log.warn("an accepted ayeT callback was refused when it was handled: {}", reason);
    }
}
