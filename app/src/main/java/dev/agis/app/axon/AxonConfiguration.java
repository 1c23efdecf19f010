package dev.agis.app.axon;

import dev.agis.agones.FleetDriver;
import dev.agis.command.account.LedgerKeyRecorder;
import dev.agis.command.account.TransferProcess;
import dev.agis.command.conversion.ConversionRewardProcess;
import dev.agis.command.conversion.JdbcConversionVelocity;
import dev.agis.command.schedule.ScheduleTimer;
import dev.agis.command.server.ServerBillingProcess;
import dev.agis.command.subscription.SubscriptionBillingProcess;
import dev.agis.discord.notify.Notifications;
import dev.agis.privacy.PersonalDataShredder;
import dev.agis.projections.ProcessorSegments;
import dev.agis.projections.ProcessorSettings;
import dev.agis.projections.apikey.ApiKeyProjection;
import dev.agis.projections.deadletter.DeadLetterQueues;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Axon's event processing: pooled streaming processors whose failing events go to a dead-letter
 * queue per processing group (ADR 0053), their batch sizes and segments (the storage format is
 * {@link AxonStorageConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /**
     * Pooled streaming processors by default. An event whose handler fails is dead-lettered with the
     * rest of its aggregate's events, retried and parked (ADR 0053); anything else that fails (the
     * token store, the queue itself) propagates, so the processor retries with back-off instead of
     * logging and skipping the event.
     */
    @Bean
    ConfigurerModule eventProcessingDefaults(ProcessorSettings settings) {
        // Every segment is a work package the processor's coordinator offers each event to, so
        // processors that see few of their own events keep one; only process managers whose
        // handlers wait for a command's commit gain from running segments in parallel.
        ProcessorSegments segments = settings.segmentCounts();
        Set<String> tuned = new TreeSet<>(PROCESS_MANAGERS);
        tuned.addAll(segments.byGroup().keySet());
        return configurer -> configurer.eventProcessing(ep -> {
            for (String group : tuned) {
                ep.registerPooledStreamingEventProcessorConfiguration(group, (config, builder) -> {
                    // Process managers send commands from their handlers; each command joins the batch's
                    // transaction and keeps its aggregate locked until the batch commits. One event per
                    // batch keeps those locks short and lets no segment hold two accounts at once (two
                    // segments crediting each other's accounts deadlocked with larger batches).
                    if (PROCESS_MANAGERS.contains(group)) {
                        builder.batchSize(settings.processManagerBatchSize());
                    }
                    int count = segments.of(group);
                    if (count > AXON_WORKER_THREADS) {
                        // Axon's default pool has 4 worker threads: more segments would only take turns
                        builder.workerExecutor(name -> {
                            ScheduledExecutorService workers = Executors.newScheduledThreadPool(count,
                                    new AxonThreadFactory("WorkPackage[" + name + "]"));
                            config.onShutdown(workers::shutdown);
                            return workers;
                        });
                    }
                    return builder.initialSegmentCount(count);
                });
            }
            ep.usingPooledStreamingEventProcessors((config, builder) -> builder
                        .batchSize(settings.batchSize())
                        .initialSegmentCount(segments.defaultCount())
                        .maxClaimedSegments(settings.maxClaimedSegments()))
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance());
            SUBSCRIBING.forEach(ep::registerSubscribingEventProcessor);
        });
    }

    /** A dead-letter queue for every processing group that is not subscribing, whichever processor runs it. */
    @Bean
    ConfigurerModule deadLetterQueueModule(DeadLetterQueues deadLetters) {
        return deadLetters.module(group -> !SUBSCRIBING.contains(group));
    }

    /** Processing groups that run in the publishing command's transaction; a failure fails the command. */
    static final List<String> SUBSCRIBING = List.of(
            // idempotency keys are written inside the command's own transaction
            LedgerKeyRecorder.GROUP,
            // the velocity fraud rule counts conversions inside the command's own transaction
            JdbcConversionVelocity.GROUP,
            // a key authenticates, and a revoked key is refused, as soon as its command returns
            ApiKeyProjection.GROUP,
            // an erasure deletes the player's data key in the same transaction as its event
            PersonalDataShredder.GROUP,
            // Discord notifications: never replayed, queued after the event's commit, never blocking
            Notifications.GROUP);

    /** Worker threads Axon gives a pooled streaming processor unless told otherwise. */
    private static final int AXON_WORKER_THREADS = 4;

    /** The processing groups whose handlers send commands. */
    static final List<String> PROCESS_MANAGERS = List.of(TransferProcess.GROUP, ConversionRewardProcess.GROUP,
            ServerBillingProcess.GROUP, SubscriptionBillingProcess.GROUP, FleetDriver.GROUP, ScheduleTimer.GROUP);
}
