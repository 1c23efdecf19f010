package dev.agis.app.axon;

import dev.agis.projections.InstanceSettings;
import dev.agis.projections.ProcessorSettings;
import dev.agis.projections.SegmentBalancer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

/**
 * Several instances on one database: the token store names this instance's claims with
 * {@code agis.instance.node-id} (Axon's auto-configured store always uses {@code pid@host}, which
 * two instances in one JVM, e.g. a test, would share), and the {@link SegmentBalancer} spreads the
 * segments.
 */
@Configuration(proxyBeanMethods = false)
public class ScaleOutConfiguration {

    /** A claim not refreshed for this long is free for another instance (Axon's default). */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, TokenSchema schema, Serializer serializer, InstanceSettings instance) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .schema(schema)
                .serializer(serializer)
                .claimTimeout(CLAIM_TIMEOUT)
                .nodeId(instance.effectiveNodeId())
                .build();
    }

    @Bean(destroyMethod = "stop")
    SegmentBalancer segmentBalancer(EventProcessingConfiguration processing, JdbcClient jdbc, InstanceSettings instance,
                                    ProcessorSettings processors) {
        return new SegmentBalancer(processing, jdbc, instance, processors.maxClaimedSegments() > 0);
    }
}
