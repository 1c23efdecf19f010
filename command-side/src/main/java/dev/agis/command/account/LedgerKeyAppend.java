package dev.agis.command.account;

import dev.agis.domain.account.AccountEvents.Movement;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import static org.axonframework.eventhandling.EventUtils.asDomainEventMessage;

/**
 * Appends events the way Axon's JDBC store does, and a movement's idempotency key in the same
 * statement (ADR 1, amended by issue 15): one statement per event inserts the event row and, for a
 * {@link Movement}, its {@code ledger_key} row, so a ledger command costs one database round trip
 * less (key lookup, append, commit). The event and its key still commit together or not at all; a
 * second row for a key can only come from a race, and its unique-key violation fails the append
 * like a concurrent one (retried by the command gateway, which then finds the key).
 *
 * <p>Used by the JDBC event store only; with Axon Server the events are not in this database and
 * {@link LedgerKeyRecorder} writes the keys instead.
 */
public class LedgerKeyAppend implements AppendEventsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType, List<? extends EventMessage<?>> events,
                                   Serializer serializer, TimestampWriter timestampWriter) throws SQLException {
        String sql = "WITH event AS (INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields()
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)) "
                + "INSERT INTO ledger_key (account_id, idempotency_key, kind, amount, balance_after, held_after, sequence_number) "
                + "SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT), "
                + "CAST(? AS BIGINT), CAST(? AS BIGINT) WHERE CAST(? AS BOOLEAN)";
        PreparedStatement statement = connection.prepareStatement(sql);
        for (EventMessage<?> eventMessage : events) {
            DomainEventMessage<?> event = asDomainEventMessage(eventMessage);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            // the event row exactly as Axon's default append statement writes it
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            if (event.getPayload() instanceof Movement m) {
                statement.setString(10, m.accountId().value());
                statement.setString(11, m.idempotencyKey());
                statement.setString(12, m.kind().name());
                statement.setLong(13, m.amount().value());
                statement.setLong(14, m.balanceAfter().value());
                statement.setLong(15, m.heldAfter().value());
                statement.setLong(16, event.getSequenceNumber());
                statement.setBoolean(17, true);
            } else {
                for (int column = 10; column <= 16; column++) {
                    statement.setNull(column, column <= 12 ? Types.VARCHAR : Types.BIGINT);
                }
                statement.setBoolean(17, false);
            }
            statement.addBatch();
        }
        return statement;
    }
}
