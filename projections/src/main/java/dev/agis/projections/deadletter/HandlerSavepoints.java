package dev.agis.projections.deadletter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;

/**
 * Runs each event handler of a streaming processor behind a savepoint of the batch's transaction.
 * PostgreSQL aborts a whole transaction on a failed statement, so without it a handler that fails
 * in SQL (a constraint, a bad value) would leave the batch unable to record the dead letter, and the
 * processor would retry the batch forever. With it the failed handler's writes alone are undone,
 * its letter is stored, and the batch's other events commit.
 *
 * <p>Only handlers of a processing group in a unit of work of their own (a streaming batch or a
 * dead-letter retry): aggregates' event-sourcing handlers and subscribing processors, which run
 * inside a command's unit of work, fail with their command as before.
 */
@Component
public class HandlerSavepoints implements HandlerEnhancerDefinition {

    private final DataSource dataSource;

    public HandlerSavepoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)
                || !AnnotatedElementUtils.hasAnnotation(original.declaringClass(), ProcessingGroup.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!CurrentUnitOfWork.isStarted() || CurrentUnitOfWork.get().parent().isPresent()
                        || !TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
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
}
