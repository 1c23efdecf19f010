package dev.agis.command.support;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
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
    CommandGateway commandGateway(CommandBus commandBus,
                                  @Value("${agis.commands.retries:8}") int retries,
                                  @Value("${agis.commands.retry-interval-ms:20}") int intervalMs) {
        commandBus.registerHandlerInterceptor(new DomainErrorInterceptor());
        ScheduledExecutorService retryExecutor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "command-retry");
            t.setDaemon(true);
            return t;
        });
        IntervalRetryScheduler retryScheduler = IntervalRetryScheduler.builder()
                .retryExecutor(retryExecutor)
                .maxRetryCount(retries)
                .retryInterval(intervalMs)
                .nonTransientFailurePredicate(failure -> !isRetryable(failure))
                .build();
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof DeadlockException) {
                return true;
            }
        }
        return false;
    }

    /** Snapshot an account every N events so a long history still loads in one read. */
    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${agis.accounts.snapshot-every:250}") int every) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    /**
     * Recently used accounts stay in memory (bounded, least recently used out). Safe with several
     * instances: a stale copy fails to append (unique aggregate id + sequence), is evicted on
     * rollback, and the command is retried. A weak-reference cache lost entries at every garbage
     * collection, so most commands re-read their account's events.
     */
    @Bean(destroyMethod = "")
    Cache accountCache(CacheManager accountCacheManager, @Value("${agis.accounts.cache-size:100000}") long entries) {
        org.ehcache.Cache<Object, Object> cache = accountCacheManager.createCache("accounts",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.heap(entries)));
        return new EhCache3Adapter((Ehcache<Object, Object>) cache);
    }

    @Bean(destroyMethod = "close")
    CacheManager accountCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }
}
