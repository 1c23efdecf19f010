package dev.agis.agones;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.agis.domain.server.GameServerFleet;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;

/**
 * Chooses the fleet. {@code agis.fleet.mode=local} (the default) runs the local fleet;
 * {@code agones} talks to a cluster (see AgonesConfiguration).
 */
@Configuration(proxyBeanMethods = false)
public class FleetConfiguration {

    @Bean
    @ConditionalOnProperty(name = "agis.fleet.mode", havingValue = "local", matchIfMissing = true)
    GameServerFleet localFleet(JdbcClient jdbc, FleetProperties fleet) {
        return new LocalFleet(jdbc, fleet.local().address(), fleet.local().firstPort(), fleet.local().lastPort());
    }

    /** Compares AGIS's running servers with the fleet (see Reconciler); a db-scheduler task, so one instance runs it. */
    @Bean
    RecurringTask<Void> serverReconciliationTask(@Lazy Reconciler reconciler, FleetProperties fleet) {
        return Tasks.recurring("server-reconciliation", FixedDelay.of(fleet.reconcileEvery()))
                .execute((instance, ctx) -> reconciler.reconcile());
    }

    /** /actuator/info says which fleet runs the game servers, so a local demo is never mistaken for a cluster. */
    @Bean
    InfoContributor fleetInfo(GameServerFleet fleet) {
        return builder -> builder.withDetail("fleet", Map.of(
                "kind", fleet.kind(),
                "description", "local".equals(fleet.kind())
                        ? "local fleet: simulated game servers on loopback, no Kubernetes cluster configured"
                        : "Agones game servers through the Kubernetes API"));
    }
}
