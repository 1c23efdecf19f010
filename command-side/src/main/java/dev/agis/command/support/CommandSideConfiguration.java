package dev.agis.command.support;

import dev.agis.command.account.AccountSettings;
import dev.agis.domain.common.Failures;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Command bus, gateway, snapshots and caching for the aggregates. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** One clock for every aggregate and policy; tests replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The gateway retries only what a retry can fix: another command (here or on another instance)
     * appended to the same aggregate first, or the local lock detected a deadlock. Business
     * errors are never retried.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, CommandSettings settings) {
        commandBus.registerHandlerInterceptor(new DomainErrorInterceptor());
        ScheduledExecutorService retryExecutor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "command-retry");
            t.setDaemon(true);
            return t;
        });
        IntervalRetryScheduler retryScheduler = IntervalRetryScheduler.builder()
                .retryExecutor(retryExecutor)
                .maxRetryCount(settings.retries())
                .retryInterval(settings.retryIntervalMs())
                .nonTransientFailurePredicate(failure -> !Failures.isRetryableConflict(failure))
                .build();
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }

    /** Snapshot an account every N events so a long history still loads in one read. */
    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter, AccountSettings settings) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, settings.snapshotEvery());
    }

    /**
     * Recently used accounts stay in memory (bounded, least recently used out). Safe with several
     * instances: a stale copy fails to append (unique aggregate id + sequence), is evicted on
     * rollback, and the command is retried. A weak-reference cache lost entries at every garbage
     * collection, so most commands re-read their account's events.
     */
    @Bean(destroyMethod = "")
    Cache accountCache(CacheManager accountCacheManager, AccountSettings settings) {
        org.ehcache.Cache<Object, Object> cache = accountCacheManager.createCache("accounts",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.heap(settings.cacheSize())));
        return new EhCache3Adapter((Ehcache<Object, Object>) cache);
    }

    @Bean(destroyMethod = "close")
    CacheManager accountCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }
}
