package dev.agis.app.cli;

import dev.agis.app.audit.StoredEvents;
import dev.agis.app.axon.AxonConfiguration;
import dev.agis.app.db.DatabaseConfiguration;
import dev.agis.app.db.EmbeddedDatabaseProperties;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * The small context the audit commands need: the configured database (the running embedded
 * server is attached to, never started twice), the event serializer and the upcasters. No Axon
 * runtime, no event processors, no web server, no migrations: auditing never changes anything.
 * Upcasters are found the way the application finds them: every {@link EventUpcaster} bean under
 * {@code dev.agis}, in {@code @Order}.
 */
@Configuration(proxyBeanMethods = false)
@Import({DatabaseConfiguration.class, AxonConfiguration.class})
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
@ComponentScan(basePackages = "dev.agis", useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = EventUpcaster.class))
public class AuditContext {

    @Bean
    RevisionResolver revisionResolver() {
        return new AnnotationRevisionResolver();
    }

    @Bean
    StoredEvents storedEvents(DataSource dataSource, Serializer serializer, ObjectProvider<EventUpcaster> upcasters) {
        return new StoredEvents(dataSource, serializer, new EventUpcasterChain(upcasters.orderedStream().toList()));
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AuditContext.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "spring.datasource.hikari.maximum-pool-size=4")
                .run();
    }
}
