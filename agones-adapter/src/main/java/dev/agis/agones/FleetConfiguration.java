package dev.agis.agones;

import dev.agis.domain.server.GameServerFleet;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.annotation.Value;
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
    GameServerFleet localFleet(JdbcClient jdbc, @Value("${agis.fleet.local.address:127.0.0.1}") String address,
                               @Value("${agis.fleet.local.first-port:7000}") int firstPort,
                               @Value("${agis.fleet.local.last-port:7999}") int lastPort) {
        return new LocalFleet(jdbc, address, firstPort, lastPort);
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
