package dev.agis.projections;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer.EventProcessorBuilder;
import org.axonframework.eventhandling.DefaultEventProcessorSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * A pooled streaming processor that, when a batch fails, retries it in halves, each half in its
 * own unit of work and transaction that also stores the token after its last event, down to
 * single events (ADR 0051). So one bad event costs the others of its batch nothing: they commit,
 * and only the failing event (and what follows it in its segment) waits for the processor's
 * retry. Nothing is skipped: a single event that still fails is rethrown, the work package
 * aborts, and the processor retries from the last stored token as before. Every streaming
 * processor is one, so a read-model handler may fail its batch instead of paying a savepoint per
 * event (ADR 0054).
 *
 * <p>A retried half repeats commands that the failed batch had sent; those rolled back with the
 * batch, and each carries a deterministic idempotency key, so the money moves exactly once.
 */
public class BatchSplittingProcessor extends PooledStreamingEventProcessor {

    private static final Logger log = LoggerFactory.getLogger(BatchSplittingProcessor.class);

    /** The unit-of-work resource that marks a batch this processor retries in halves if it fails. */
    private static final String SPLITS_ON_FAILURE = BatchSplittingProcessor.class.getName() + ".splitsOnFailure";

    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final AtomicLong batchesSplit = new AtomicLong();

    /** {@code builder} must be given the same token store and transaction manager as passed here. */
    public BatchSplittingProcessor(Builder builder, TokenStore tokenStore, TransactionManager transactionManager) {
        super(builder);
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
    }

    /**
     * Builds every streaming processor as Axon's configuration builds a pooled streaming one (the
     * processor's error handler, rollback configuration, monitor, token store and transaction
     * manager), with the batch size and segment count of its name and one worker thread per segment:
     * a segment spends most of its time waiting for database round trips, so segments should not
     * take turns on Axon's default four threads.
     */
    public static EventProcessorBuilder forProcessors(ToIntFunction<String> batchSize, ToIntFunction<String> segments,
                                                      int maxClaimedSegments) {
        return (name, config, invoker) -> {
            EventProcessingConfiguration processing = config.eventProcessingConfiguration();
            TokenStore tokens = processing.tokenStore(name);
            TransactionManager transactions = processing.transactionManager(name);
            int segmentCount = segments.applyAsInt(name);
            ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("Coordinator[" + name + "]"));
            ScheduledExecutorService workers = Executors.newScheduledThreadPool(segmentCount, new AxonThreadFactory("WorkPackage[" + name + "]"));
            config.onShutdown(coordinator::shutdown);
            config.onShutdown(workers::shutdown);
            Builder builder = PooledStreamingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(ProcessorInvoker.of(invoker))
                    .rollbackConfiguration(processing.rollbackConfiguration(name))
                    .errorHandler(processing.errorHandler(name))
                    .messageMonitor(processing.messageMonitor(PooledStreamingEventProcessor.class, name))
                    .messageSource(config.eventStore())
                    .tokenStore(tokens)
                    .transactionManager(transactions)
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(workers)
                    .spanFactory(config.getComponent(EventProcessorSpanFactory.class,
                            () -> DefaultEventProcessorSpanFactory.builder().spanFactory(config.spanFactory()).build()))
                    .batchSize(batchSize.applyAsInt(name))
                    .initialSegmentCount(segmentCount)
                    .maxClaimedSegments(maxClaimedSegments);
            return new BatchSplittingProcessor(builder, tokens, transactions);
        };
    }

    /**
     * Whether the current unit of work is a batch of several events that this processor retries in
     * halves if it fails, so a handler may fail the whole batch instead of undoing its own writes.
     */
    public static boolean inSplittableBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root instanceof BatchingUnitOfWork<?> batch && batch.getMessages().size() > 1
                && Boolean.TRUE.equals(root.resources().get(SPLITS_ON_FAILURE));
    }

    @Override
    protected void processInUnitOfWork(List<? extends EventMessage<?>> events, UnitOfWork<? extends EventMessage<?>> unitOfWork,
                                       Collection<Segment> segments) throws Exception {
        // what the work package gave the batch (its segment and token), before any handler adds its own state
        Map<String, Object> workPackageResources = new HashMap<>(unitOfWork.resources());
        if (events.size() > 1 && segments.size() == 1) {
            unitOfWork.resources().put(SPLITS_ON_FAILURE, Boolean.TRUE);
        }
        try {
            super.processInUnitOfWork(events, unitOfWork, segments);
        } catch (Exception failure) {
            if (events.size() < 2 || segments.size() != 1) {
                throw failure;
            }
            batchesSplit.incrementAndGet();
            log.info("A batch of {} events of {} failed ({}); retrying it in halves", events.size(), getName(), failure.toString());
            workPackageResources.put(SPLITS_ON_FAILURE, Boolean.TRUE);
            retryInHalves(events, workPackageResources, segments);
        }
    }

    /** Failed batches retried in halves since the start (each one a deadlock, conflict or bad event worth a look). */
    public long batchesSplit() {
        return batchesSplit.get();
    }

    private void retryInHalves(List<? extends EventMessage<?>> events, Map<String, Object> workPackageResources,
                               Collection<Segment> segments) throws Exception {
        int middle = events.size() / 2;
        for (List<? extends EventMessage<?>> half : List.of(events.subList(0, middle), events.subList(middle, events.size()))) {
            try {
                super.processInUnitOfWork(half, unitOfWorkFor(half, workPackageResources, segments.iterator().next()), segments);
            } catch (Exception failure) {
                if (half.size() < 2) {
                    throw failure;
                }
                retryInHalves(half, workPackageResources, segments);
            }
        }
    }

    /**
     * Like the work package's own: a transaction, the work package's resources, and the token
     * after the last event stored at commit. Nothing of the failed unit of work's other state
     * (aggregates it loaded, handlers' buffers) is carried over.
     */
    private UnitOfWork<EventMessage<?>> unitOfWorkFor(List<? extends EventMessage<?>> half, Map<String, Object> workPackageResources,
                                                      Segment segment) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(half));
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.resources().putAll(workPackageResources);
        if (half.get(half.size() - 1) instanceof TrackedEventMessage<?> last) {
            unitOfWork.onPrepareCommit(u -> tokenStore.storeToken(last.trackingToken(), getName(), segment.getSegmentId()));
        }
        return unitOfWork;
    }
}
