package dev.agis.projections;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failed batch is retried in halves, each committed on its own with the token after its last
 * event: the good events around a bad one commit, the bad one is rethrown (the processor retries
 * it from that token), nothing is skipped or done twice. Driven the way a work package drives the
 * processor: one batch of ten events in one unit of work.
 */
class BatchSplittingProcessorTest {

    static final String NAME = "test";
    static final List<TrackedEventMessage<?>> TEN = IntStream.rangeClosed(1, 10)
            .<TrackedEventMessage<?>>mapToObj(i -> new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(i),
                    GenericEventMessage.asEventMessage("e" + i)))
            .toList();

    final InMemoryTokenStore tokens = new InMemoryTokenStore();
    /** The events of each committed transaction, in commit order. */
    final List<List<String>> committed = new ArrayList<>();
    /** Events that fail every time they are handled. */
    final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    /** Events that fail the next time they are handled. */
    final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    final BatchSplittingProcessor processor = new BatchSplittingProcessor(PooledStreamingEventProcessor.builder()
            .name(NAME)
            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Handler())
                    .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
            .errorHandler(PropagatingErrorHandler.instance())
            .messageSource(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build())
            .tokenStore(tokens)
            .transactionManager(NoTransactionManager.INSTANCE)
            .coordinatorExecutor(Executors.newSingleThreadScheduledExecutor())
            .workerExecutor(Executors.newSingleThreadScheduledExecutor()), tokens, NoTransactionManager.INSTANCE);

    class Handler {
        @EventHandler
        void on(String event) {
            if (poisoned.contains(event) || failOnce.remove(event)) {
                throw new IllegalStateException("cannot handle " + event);
            }
            UnitOfWork<?> batch = CurrentUnitOfWork.get();
            batch.getOrComputeResource("handled", key -> {
                List<String> handled = new ArrayList<>();
                batch.afterCommit(u -> committed.add(handled));
                return handled;
            }).add(event);
        }
    }

    /** The batch of ten as the work package hands it over: its transaction stores the token after e10. */
    void processTheBatch() throws Exception {
        tokens.initializeTokenSegments(NAME, 1);
        tokens.fetchToken(NAME, 0);
        UnitOfWork<TrackedEventMessage<?>> batch = new BatchingUnitOfWork<>(TEN);
        batch.attachTransaction(NoTransactionManager.INSTANCE);
        batch.onPrepareCommit(u -> tokens.storeToken(TEN.get(9).trackingToken(), NAME, 0));
        processor.processInUnitOfWork(TEN, batch, List.of(Segment.ROOT_SEGMENT));
    }

    static List<String> events(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "e" + i).toList();
    }

    @Test
    void aBatchThatSucceedsIsOneTransaction() throws Exception {
        processTheBatch();

        assertThat(committed).containsExactly(events(1, 10));
        assertThat(tokens.fetchToken(NAME, 0)).isEqualTo(new GlobalSequenceTrackingToken(10));
        assertThat(processor.batchesSplit()).isZero();
    }

    @Test
    void aTransientFailureIsAbsorbedByTheHalvesAndEveryEventCommitsOnce() throws Exception {
        failOnce.add("e6");

        processTheBatch();

        assertThat(committed).containsExactly(events(1, 5), events(6, 10));
        assertThat(tokens.fetchToken(NAME, 0)).isEqualTo(new GlobalSequenceTrackingToken(10));
        assertThat(processor.batchesSplit()).isEqualTo(1);
    }

    @Test
    void aBadEventLetsTheEventsBeforeItCommitAndIsRethrownSoTheProcessorRetriesFromIt() throws Exception {
        poisoned.add("e6");

        // halves: e1–e5 commit; e6–e10 fail, e6–e7 fail, e6 fails alone
        assertThatThrownBy(this::processTheBatch).hasMessage("cannot handle e6");

        assertThat(committed).containsExactly(events(1, 5));
        assertThat(tokens.fetchToken(NAME, 0)).as("where the processor continues").isEqualTo(new GlobalSequenceTrackingToken(5));
    }

    @Test
    void aBadFirstEventCommitsNothingButTheEventsAfterItsHalf() throws Exception {
        poisoned.add("e1");

        assertThatThrownBy(this::processTheBatch).hasMessage("cannot handle e1");

        // e1–e5 fail, e1–e2 fail, e1 fails alone: nothing after it may commit before it does
        assertThat(committed).isEmpty();
        assertThat(tokens.fetchToken(NAME, 0)).isNull();
    }
}
