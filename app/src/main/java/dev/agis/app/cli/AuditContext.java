package dev.agis.app.cli;

import dev.agis.app.axon.AxonStorageConfiguration;
import dev.agis.app.db.DatabaseConfiguration;
import dev.agis.app.db.EmbeddedDatabaseProperties;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The small context the audit commands need: the configured database (the running embedded
 * server is attached to, never started twice), the event serializer and the upcasters. No Axon
 * runtime, no event processors, no web server, no migrations: auditing never changes anything.
 * Upcasters are found the way the application finds them: every {@link EventUpcaster} bean under
 * {@code dev.agis}, in {@code @Order}.
 */
@Configuration(proxyBeanMethods = false)
@Import({DatabaseConfiguration.class, AxonStorageConfiguration.class})
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
@ComponentScan(basePackages = "dev.agis", useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = EventUpcaster.class))
class AuditContext {

    @Bean
    RevisionResolver revisionResolver() {
        return new AnnotationRevisionResolver();
    }
}
