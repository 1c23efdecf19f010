package dev.agis.projections;

import dev.agis.projections.deadletter.DeadLetterSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * {@code agis.processors.*}: how the streaming event processors (projections and process managers)
 * run. Bound once, here: the live application and {@code agis replay} read the same values.
 *
 * @param batchSize               events per transaction of a projection
 * @param processManagerBatchSize events per transaction of the money process managers (their commands nest in it and hold
 *                                their accounts' locks until it commits; a failed batch is retried in halves, ADR 0051)
 * @param maxClaimedSegments      segments one instance claims at most (0 = none: a command-line context that runs no processor)
 * @param segments                segments a processor starts with when its token is first created
 * @param segmentsByGroup         the same, per processor (a read model's processor has its group's name; ADR 0052)
 * @param deadLetters             retries before a failing event's sequence is parked (ADR 0053)
 */
@Validated
@ConfigurationProperties("agis.processors")
public record ProcessorSettings(@DefaultValue("100") @Min(1) int batchSize,
                                @DefaultValue("32") @Min(1) int processManagerBatchSize,
                                @DefaultValue("32767") @Min(0) int maxClaimedSegments,
                                @DefaultValue("1") int segments,
                                @DefaultValue Map<String, Integer> segmentsByGroup,
                                @DefaultValue @Valid DeadLetterSettings deadLetters) {

    public ProcessorSegments segmentCounts() {
        return new ProcessorSegments(segments, segmentsByGroup == null ? Map.of() : segmentsByGroup);
    }
}
