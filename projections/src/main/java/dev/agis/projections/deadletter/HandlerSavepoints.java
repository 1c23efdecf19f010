package dev.agis.projections.deadletter;

import dev.agis.projections.BatchSplittingProcessor;
import dev.agis.projections.BulkReplay;
import dev.agis.projections.ProcessorSettings;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;
import java.util.Optional;

/**
 * Runs each event handler of a streaming processor behind a savepoint of the batch's transaction.
 * PostgreSQL aborts a whole transaction on a failed statement, so without it a handler that fails
 * in SQL (a constraint, a bad value) would leave the batch unable to record the dead letter, and the
 * processor would retry the batch forever. With it the failed handler's writes alone are undone,
 * its letter is stored, and the batch's other events commit.
 * In a batch of several events that {@link BatchSplittingProcessor} retries in halves the savepoints
 * (two statements per event) are not paid: a failure fails the batch, and its halves come down to the
 * failing event alone, which then runs behind its savepoint.
 *
 * <p>Only the read-model projections of this module, and only outside a command's unit of work (in a
 * streaming batch or a dead-letter retry); subscribing processors run inside a command's unit of
 * work and fail with their command as before. Never process managers: the commands they send join
 * the batch's unit of work, and undoing those writes behind Axon's back (which counts them as
 * committed with the batch, aggregate cache included) would lose or corrupt them. A process manager
 * that fails outside SQL is dead-lettered with its sent commands kept, which its idempotency keys
 * make harmless on retry; one whose command fails in SQL fails the batch, which is retried (ADR 0053).
 */
@Component
public class HandlerSavepoints implements HandlerEnhancerDefinition {

    /** This module's root package: its event handlers write read models and send no commands. */
    private static final Logger log = LoggerFactory.getLogger(HandlerSavepoints.class);
    private static final String PROJECTIONS = ProcessorSettings.class.getPackageName();
    /** The root unit-of-work resource holding the first failure of a batch that fails as a whole. */
    private static final String BATCH_FAILED = HandlerSavepoints.class.getName() + ".batchFailed";

    private final DataSource dataSource;

    public HandlerSavepoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        Class<?> handler = original.declaringClass();
        if (!original.canHandleMessageType(EventMessage.class) || !handler.getPackageName().startsWith(PROJECTIONS)
                || !AnnotatedElementUtils.hasAnnotation(handler, ProcessingGroup.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                // a bulk replay has no dead-letter queue: a failure fails the replay, and its chunks are
                // too large to pay two statements per event
                if (!CurrentUnitOfWork.isStarted() || insideCommand(CurrentUnitOfWork.get()) || BulkReplay.active()
                        || !TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                if (BatchSplittingProcessor.inSplittableBatch()) {
                    return failingTheBatch(original, message, target);
                }
                Connection connection = DataSourceUtils.getConnection(dataSource);
                try {
                    Savepoint savepoint = connection.setSavepoint();
                    Object result;
                    try {
                        result = super.handle(message, target);
                    } catch (Exception | Error e) {
                        connection.rollback(savepoint);
                        throw e;
                    }
                    connection.releaseSavepoint(savepoint);
                    return result;
                } finally {
                    DataSourceUtils.releaseConnection(connection, dataSource);
                }
            }
        };
    }

    /**
     * In a batch of several events that its processor retries in halves, no savepoint is paid for:
     * a failing handler fails the batch instead (when it commits, so the dead-letter invoker does not
     * queue it now), and the rest of the batch is not handled, since it will be again. The halves
     * come down to the failing event alone, which runs behind its savepoint and is dead-lettered.
     */
    private static <T> Object failingTheBatch(MessageHandlingMember<T> handler, Message<?> message, T target) throws Exception {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        if (batch.resources().containsKey(BATCH_FAILED)) {
            return null;
        }
        try {
            return handler.handle(message, target);
        } catch (Exception e) {
            // logged here: what the batch's commit then fails with may be a later statement's "transaction is aborted"
            log.info("The handler of event {} failed in a batch of several, which is retried in halves: {}", message.getIdentifier(), e.toString());
            batch.resources().put(BATCH_FAILED, e);
            batch.onPrepareCommit(u -> {
                throw new BatchFailedException(message, e);
            });
            return null;
        }
    }

    /** A handler failed in a batch that its processor will retry in halves. */
    static final class BatchFailedException extends RuntimeException {
        BatchFailedException(Message<?> message, Exception cause) {
            super("the handler of event " + message.getIdentifier() + " failed; the batch is retried in halves", cause);
        }
    }

    /** Whether the unit of work runs within a command's (a subscribing processor's handlers do). */
    private static boolean insideCommand(UnitOfWork<?> unitOfWork) {
        for (Optional<UnitOfWork<?>> u = unitOfWork.parent(); u.isPresent(); u = u.get().parent()) {
            if (u.get().getMessage() instanceof CommandMessage) {
                return true;
            }
        }
        return false;
    }
}
