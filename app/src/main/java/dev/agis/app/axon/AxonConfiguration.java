package dev.agis.app.axon;

import dev.agis.agones.FleetDriver;
import dev.agis.command.account.LedgerKeyRecorder;
import dev.agis.command.conversion.JdbcConversionVelocity;
import dev.agis.command.schedule.ScheduleTimer;
import dev.agis.command.support.BatchSplittingProcessor;
import dev.agis.command.support.HandledEventsOnly;
import dev.agis.command.support.MoneyProcessManagers;
import dev.agis.discord.notify.Notifications;
import dev.agis.privacy.PersonalDataShredder;
import dev.agis.projections.MergedProcessorTokens;
import dev.agis.projections.ProcessorSegments;
import dev.agis.projections.ProcessorSettings;
import dev.agis.projections.apikey.ApiKeyProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.lifecycle.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Axon's event processing: few pooled streaming processors that never skip an event (ADR 0052):
 * one per read model (each resets and replays alone), {@value MoneyProcessManagers#PROCESSOR} for the
 * process managers that move money, in batches (ADR 0051), and {@value #TIMERS_AND_ADAPTERS}; their
 * batch sizes and segments (the storage format is {@link AxonStorageConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Handlers that send commands or reach outside, one event at a time; none of them replays. */
    static final String TIMERS_AND_ADAPTERS = "timers-and-adapters";
    static final List<String> TIMER_AND_ADAPTER_GROUPS = List.of(FleetDriver.GROUP, ScheduleTimer.GROUP);

    /**
     * Pooled streaming processors by default. A failing handler propagates, so the processor
     * retries that segment with back-off instead of logging and skipping the event.
     */
    @Bean
    ConfigurerModule eventProcessingDefaults(ProcessorSettings settings) {
        // Every segment is a work package the processor's coordinator offers each event to, so
        // processors that see few of their own events keep one (docs/configuration.md).
        ProcessorSegments segments = settings.segmentCounts();
        return configurer -> {
            configurer.eventProcessing(ep -> {
                MoneyProcessManagers.GROUPS.forEach(group -> ep.assignProcessingGroup(group, MoneyProcessManagers.PROCESSOR)
                        .registerSequencingPolicy(group, c -> MoneyProcessManagers.sequencingPolicy()));
                ep.registerEventProcessor(MoneyProcessManagers.PROCESSOR, BatchSplittingProcessor.withSegments(
                        settings.processManagerBatchSize(), segments.of(MoneyProcessManagers.PROCESSOR), settings.maxClaimedSegments()));
                // a schedule's timer or the fleet holds a server's lock while it commits: one event per
                // transaction, so it never holds two aggregates a money batch may want
                TIMER_AND_ADAPTER_GROUPS.forEach(group -> ep.assignProcessingGroup(group, TIMERS_AND_ADAPTERS));
                ep.registerPooledStreamingEventProcessorConfiguration(TIMERS_AND_ADAPTERS,
                        (config, builder) -> builder.batchSize(1).initialSegmentCount(segments.of(TIMERS_AND_ADAPTERS)));
                segments.byGroup().forEach((processor, count) -> {
                    if (!processor.equals(MoneyProcessManagers.PROCESSOR) && !processor.equals(TIMERS_AND_ADAPTERS)) {
                        ep.registerPooledStreamingEventProcessorConfiguration(processor, (config, builder) -> builder.initialSegmentCount(count));
                    }
                });
                ep.usingPooledStreamingEventProcessors((config, builder) -> builder
                                .batchSize(settings.batchSize())
                                .initialSegmentCount(segments.defaultCount())
                                .maxClaimedSegments(settings.maxClaimedSegments()))
                        .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                        .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance())
                        // subscribing processors run in the command's transaction; each sees only the events it handles
                        // idempotency keys are written inside the command's own transaction
                        .registerSubscribingEventProcessor(LedgerKeyRecorder.GROUP, HandledEventsOnly.of(LedgerKeyRecorder.GROUP))
                        // the velocity fraud rule counts conversions inside the command's own transaction
                        .registerSubscribingEventProcessor(JdbcConversionVelocity.GROUP, HandledEventsOnly.of(JdbcConversionVelocity.GROUP))
                        // a key authenticates, and a revoked key is refused, as soon as its command returns
                        .registerSubscribingEventProcessor(ApiKeyProjection.GROUP, HandledEventsOnly.of(ApiKeyProjection.GROUP))
                        // an erasure deletes the player's data key in the same transaction as its event
                        .registerSubscribingEventProcessor(PersonalDataShredder.GROUP, HandledEventsOnly.of(PersonalDataShredder.GROUP))
                        // Discord notifications: never replayed, queued after the event's commit, never blocking
                        .registerSubscribingEventProcessor(Notifications.GROUP, HandledEventsOnly.of(Notifications.GROUP));
            });
            // the groups had processors of their own before: their tokens become the new processors' (ADR 0052)
            configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, () -> {
                TransactionManager transactions = config.getComponent(TransactionManager.class);
                MergedProcessorTokens.merge(config.eventProcessingConfiguration().tokenStore(MoneyProcessManagers.PROCESSOR), transactions,
                        MoneyProcessManagers.PROCESSOR, MoneyProcessManagers.GROUPS, segments.of(MoneyProcessManagers.PROCESSOR));
                MergedProcessorTokens.merge(config.eventProcessingConfiguration().tokenStore(TIMERS_AND_ADAPTERS), transactions,
                        TIMERS_AND_ADAPTERS, TIMER_AND_ADAPTER_GROUPS, segments.of(TIMERS_AND_ADAPTERS));
            }));
        };
    }
}
