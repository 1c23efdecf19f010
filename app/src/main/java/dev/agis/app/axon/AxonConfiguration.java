package dev.agis.app.axon;

import dev.agis.agones.FleetDriver;
import dev.agis.command.account.LedgerKeyRecorder;
import dev.agis.command.conversion.JdbcConversionVelocity;
import dev.agis.command.experiment.ExperimentRegistryRecorder;
import dev.agis.command.schedule.ScheduleTimer;
import dev.agis.command.server.ServerSlotRecorder;
import dev.agis.projections.BatchSplittingProcessor;
import dev.agis.command.support.HandledEventsOnly;
import dev.agis.command.support.MoneyProcessManagers;
import dev.agis.discord.notify.Notifications;
import dev.agis.privacy.PersonalDataShredder;
import dev.agis.projections.MergedProcessorTokens;
import dev.agis.projections.ProcessorSegments;
import dev.agis.projections.ProcessorSettings;
import dev.agis.projections.apikey.ApiKeyProjection;
import dev.agis.projections.deadletter.DeadLetterQueues;
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
 * batch sizes and segments (the storage format is {@link AxonStorageConfiguration}). An event whose
 * handler fails is dead-lettered with the rest of its sequence, retried and parked (ADR 0053).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Handlers that send commands or reach outside, one event at a time; none of them replays. */
    static final String TIMERS_AND_ADAPTERS = "timers-and-adapters";
    static final List<String> TIMER_AND_ADAPTER_GROUPS = List.of(FleetDriver.GROUP, ScheduleTimer.GROUP);

    /**
     * Pooled streaming processors by default. An event whose handler fails goes to its group's
     * dead-letter queue (ADR 0053); anything else that fails (the token store, the queue itself)
     * propagates, so the processor retries with back-off instead of logging and skipping the event.
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
                TIMER_AND_ADAPTER_GROUPS.forEach(group -> ep.assignProcessingGroup(group, TIMERS_AND_ADAPTERS));
                // a schedule's timer or the fleet holds a server's lock while it commits: one event per
                // transaction, so it never holds two aggregates a money batch (sequenced by account, ADR 0051) may want
                ep.registerEventProcessorFactory(BatchSplittingProcessor.forProcessors(
                                processor -> processor.equals(TIMERS_AND_ADAPTERS) ? 1
                                        : processor.equals(MoneyProcessManagers.PROCESSOR) ? settings.processManagerBatchSize()
                                        : settings.batchSize(),
                                segments::of, settings.maxClaimedSegments()))
                        .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                        .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance());
                // subscribing processors run in the command's transaction; each sees only the events it handles
                SUBSCRIBING.forEach(group -> ep.registerSubscribingEventProcessor(group, HandledEventsOnly.of(group)));
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

    /** A dead-letter queue for every processing group that is not subscribing, whichever processor runs it. */
    @Bean
    ConfigurerModule deadLetterQueueModule(DeadLetterQueues deadLetters) {
        // the command side's own subscribing recorders register themselves; they are no less subscribing
        return deadLetters.module(group -> !SUBSCRIBING.contains(group)
                && !group.equals(ServerSlotRecorder.GROUP) && !group.equals(ExperimentRegistryRecorder.GROUP));
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
}
