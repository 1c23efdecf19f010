package dev.agis.command.support;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failed batch is retried in halves, each committed on its own: the good events around a bad
 * one commit, the bad one (and what follows it in its segment) waits, nothing is skipped or done twice.
 */
class BatchSplittingProcessorTest {

    static final List<String> TEN = IntStream.rangeClosed(1, 10).mapToObj(i -> "e" + i).toList();

    final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    final InMemoryTokenStore tokens = new InMemoryTokenStore();
    /** The events of each committed transaction, in commit order. */
    final List<List<String>> committed = new CopyOnWriteArrayList<>();
    final AtomicInteger attemptsOfE6 = new AtomicInteger();
    /** Events that fail every time they are handled. */
    final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    /** Events that fail the next time they are handled. */
    final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    BatchSplittingProcessor processor;

    class Handler {
        @EventHandler
        void on(String event) {
            if (event.equals("e6")) {
                attemptsOfE6.incrementAndGet();
            }
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

    void startWithTenEventsInOneBatch() {
        TEN.forEach(e -> store.publish(GenericEventMessage.asEventMessage(e)));
        // the only worker thread is busy until the coordinator has queued all ten: one batch
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        worker.execute(() -> sleep(Duration.ofSeconds(1)));
        PooledStreamingEventProcessor.Builder builder = PooledStreamingEventProcessor.builder()
                .name("test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Handler())
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
                .errorHandler(PropagatingErrorHandler.instance())
                .messageSource(store)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(Executors.newSingleThreadScheduledExecutor())
                .workerExecutor(worker)
                .batchSize(10)
                .initialSegmentCount(1);
        processor = new BatchSplittingProcessor(builder, tokens, NoTransactionManager.INSTANCE);
        processor.start();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> events(int from, int to) {
        return TEN.subList(from - 1, to);
    }

    @AfterEach
    void stop() {
        processor.shutDown();
        store.shutDown();
    }

    @Test
    void aTransientFailureIsAbsorbedByTheHalvesWithoutAnErrorAndEveryEventCommitsOnce() {
        failOnce.add("e6");
        startWithTenEventsInOneBatch();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(committed).hasSize(2));
        assertThat(committed).containsExactly(events(1, 5), events(6, 10));
        assertThat(processor.batchesSplit()).isEqualTo(1);
        assertThat(processor.isError()).isFalse();
    }

    @Test
    void aBadEventLetsTheEventsBeforeItCommitWaitsItselfAndNothingIsSkippedOrRepeated() {
        poisoned.add("e6");
        startWithTenEventsInOneBatch();

        // halves: e1–e5 commit; e6–e10 fail, e6–e7 fail, e6 fails alone: the processor retries it (from after e5)
        await().atMost(Duration.ofSeconds(20)).until(() -> attemptsOfE6.get() >= 6);
        assertThat(committed).containsExactly(events(1, 5));

        poisoned.clear();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(committed.stream().flatMap(List::stream))
                .containsExactlyInAnyOrderElementsOf(TEN));
        assertThat(committed.get(0)).isEqualTo(events(1, 5));
    }
}
