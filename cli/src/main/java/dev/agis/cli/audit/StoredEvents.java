package dev.agis.cli.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.ApplicationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads events straight from {@code domain_event_entry} — every event from sequence 0, never a
 * snapshot — and passes them through the same upcaster chain and serializer as the event store.
 * Rows are streamed through a server-side cursor, so a store of any size is never held in memory.
 */
public final class StoredEvents {

    private static final int FETCH_SIZE = 1000;
    private static final String COLUMNS = """
            SELECT global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
                   payload_type, payload_revision, payload, meta_data
            FROM domain_event_entry""";

    private final DataSource dataSource;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    private StoredEvents(DataSource dataSource, Serializer serializer, EventUpcaster upcasters) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    /**
     * Reads through the context's database, its serializer and every {@link EventUpcaster} bean in
     * {@code @Order}: the chain the event store itself applies.
     */
    public static StoredEvents in(ApplicationContext context) {
        return new StoredEvents(context.getBean(DataSource.class), context.getBean(Serializer.class),
                new EventUpcasterChain(context.getBeanProvider(EventUpcaster.class).orderedStream().toList()));
    }

    public Serializer serializer() {
        return serializer;
    }

    /** One aggregate's events, oldest first. */
    public void forAggregate(String aggregateId, Consumer<StoredEvent> each) {
        stream(COLUMNS + " WHERE aggregate_identifier = ? ORDER BY sequence_number", aggregateId, each);
    }

    /** Whether the store holds any event of this aggregate. */
    public boolean exists(String aggregateId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = ? LIMIT 1")) {
            ps.setString(1, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the event store: " + e.getMessage(), e);
        }
    }

    /**
     * Every event of every account, grouped by account and in sequence order within each
     * (the order of the unique (aggregate, sequence) index).
     */
    public void forAllAccounts(Consumer<StoredEvent> each) {
        stream(COLUMNS + " WHERE aggregate_identifier LIKE ? ORDER BY aggregate_identifier, sequence_number", "account:%", each);
    }

    private void stream(String sql, String parameter, Consumer<StoredEvent> each) {
        stream(sql, each, parameter);
    }

    private void stream(String sql, Consumer<StoredEvent> each, String... parameters) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL only uses a cursor (fetch size) inside a transaction
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    RowIterator rows = new RowIterator(rs);
                    Stream<Row> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false);
                    // The upcaster chain works on the stream lazily, so rows are still fetched one cursor page at a time.
                    Iterator<? extends DomainEventMessage<?>> messages = EventStreamUtils
                            .upcastAndDeserializeDomainEvents(stream.map(Row::entry), serializer, upcasters)
                            .asStream().iterator();
                    // Each message comes out after its row, so the row's raw data belongs to it.
                    while (messages.hasNext()) {
                        DomainEventMessage<?> message = messages.next();
                        each.accept(new StoredEvent(rows.last.globalIndex, message, rows.last.payloadJson(), serializer));
                    }
                }
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the event store: " + e.getMessage(), e);
        }
    }

    /** A row of domain_event_entry as read. */
    record Row(long globalIndex, GenericDomainEventEntry<byte[]> entry) {
        String payloadJson() {
            return new String(entry.getPayload().getData(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final class RowIterator implements Iterator<Row> {
        private final ResultSet rs;
        private Boolean hasNext;
        Row last;

        RowIterator(ResultSet rs) {
            this.rs = rs;
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not read the event store: " + e.getMessage(), e);
                }
            }
            return hasNext;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            hasNext = null;
            try {
                last = new Row(rs.getLong(1), new GenericDomainEventEntry<>(rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10)));
                return last;
            } catch (SQLException e) {
                throw new IllegalStateException("Could not read the event store: " + e.getMessage(), e);
            }
        }
    }
}
