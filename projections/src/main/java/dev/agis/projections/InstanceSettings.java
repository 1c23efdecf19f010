package dev.agis.projections;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * {@code agis.instance.*}: how this instance shares the event processors with other instances on
 * the same database.
 *
 * @param nodeId          the owner name of this instance's segment claims in {@code token_entry}; must differ
 *                        between instances (empty = {@code pid@host}, which does in containers and on separate hosts)
 * @param balanceSegments keep only a fair share of each processor's segments and leave the rest to the other instances
 * @param balanceEvery    how often the share is checked and the heartbeat written
 */
@Validated
@ConfigurationProperties("agis.instance")
public record InstanceSettings(@DefaultValue("") String nodeId,
                               @DefaultValue("true") boolean balanceSegments,
                               @DefaultValue("PT5S") @NotNull Duration balanceEvery) {

    public InstanceSettings {
        if (balanceEvery.isNegative() || balanceEvery.isZero()) {
            throw new IllegalArgumentException("agis.instance.balance-every must be positive");
        }
    }

    /** The configured node id, or the JVM's {@code pid@host} (Axon's own default). */
    public String effectiveNodeId() {
        return nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
    }
}
