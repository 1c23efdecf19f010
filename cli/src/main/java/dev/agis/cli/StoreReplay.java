package dev.agis.cli;

import dev.agis.projections.BulkReplay;
import dev.agis.projections.ProcessorSegments;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Rebuilds processing groups by reading the event store once, front to back, and handing the
 * events straight to each group's handlers in large transactions — what {@code agis replay} runs
 * instead of one pooled streaming processor per group.
 *
 * <p>Coordination is the token store's, exactly as for a processor: every segment of every group
 * is claimed under the replay's node id in the transaction that resets it (the group's
 * {@code @ResetHandler} empties its tables), every transaction stores every segment's token with
 * the rows written in it (so a token never runs ahead of the data, and the claims are refreshed
 * with each transaction), and the claims are released at the end. The tokens have the shape
 * a pooled processor would have written (a {@link ReplayToken} per segment over Axon's
 * {@link GapAwareTrackingToken}), so the live processors continue from them unchanged.
 *
 * <p>Why it is faster than processors: the store is read once for all groups (a processor per group
 * reads it once each); one reader thread streams the rows with a plain forward cursor (no
 * gap-aware re-query per page) and deserializes only the events a group handles (the stored
 * payload type says which); one writer thread runs each group's handlers over a whole chunk for all
 * its segments at once (one unit of work per group and chunk, instead of one per segment and group),
 * many chunks per transaction, with asynchronous commit (see {@link #writeTransaction}), and tells
 * the projections that they load into tables emptied by the reset ({@link BulkReplay}).
 */
final class StoreReplay {

    /** Axon's defaults in JdbcEventStorageEngine, which the application's event store uses. */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final long GAP_TIMEOUT_MS = 60_000;
    /**
     * A transaction also ends after this long: its token update refreshes the replay's claims, which
     * running instances consider expired after 10 s.
     */
    private static final long MAX_TRANSACTION_NANOS = 3_000_000_000L;

    /** A processing group to rebuild: its handlers and how it splits events over segments. */
    record Group(String name, EventHandlerInvoker handlers, SequencingPolicy<? super EventMessage<?>> sequencing) {
    }

    private final List<Group> groups;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final EventSchema schema;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final int batchSize;
    private final int fetchSize;
    private final Set<String> vacuumRefused = new HashSet<>();

    StoreReplay(List<Group> groups, TokenStore tokens, TransactionManager transactions, DataSource dataSource, EventSchema schema,
                Serializer serializer, EventUpcaster upcasters, int batchSize, int fetchSize) {
        this.groups = List.copyOf(groups);
        this.tokens = tokens;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.schema = schema;
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.batchSize = batchSize;
        this.fetchSize = fetchSize;
    }

    /** A group's segments as claimed by {@link #reset}, and the replay token each segment starts from. */
    record Claimed(Group group, int[] segmentIds, TrackingToken[] replayTokens) {
    }

    /** What {@link #reset} found and claimed; the replay stops at {@code head}. */
    record Start(List<Claimed> groups, long head, long events) {
    }

    /**
     * In one transaction: takes the claims over if asked ({@code --force}), claims every segment of
     * every group (fails if another node holds a fresh claim), runs the reset handlers and stores a
     * replay token per segment. {@code claimsTakenOver} hears how many claims were taken per group.
     */
    Start reset(boolean takeOverClaims, ProcessorSegments segmentCounts, BiConsumer<String, Integer> claimsTakenOver) {
        return transactions.fetchInTransaction(() -> {
            long head = jdbc.sql("SELECT coalesce(max(" + schema.globalIndexColumn() + "), 0) FROM " + schema.domainEventTable())
                    .query(Long.class).single();
            long events = jdbc.sql("SELECT count(*) FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " <= :h")
                    .param("h", head).query(Long.class).single();
            TrackingToken headToken = head == 0 ? null : GapAwareTrackingToken.newInstance(head, Collections.emptySortedSet());
            List<Claimed> claimed = new ArrayList<>();
            for (Group group : groups) {
                String name = group.name();
                if (takeOverClaims) {
                    int taken = jdbc.sql("UPDATE token_entry SET owner = NULL WHERE processor_name = :p AND owner IS NOT NULL")
                            .param("p", name).update();
                    claimsTakenOver.accept(name, taken);
                }
                int[] segments = tokens.fetchSegments(name);
                if (segments.length == 0) {
                    tokens.initializeTokenSegments(name, segmentCounts.of(name));
                    segments = tokens.fetchSegments(name);
                }
                TrackingToken[] atReset = new TrackingToken[segments.length];
                for (int i = 0; i < segments.length; i++) {
                    atReset[i] = tokens.fetchToken(name, segments[i]); // claims the segment
                }
                group.handlers().performReset(null);
                TrackingToken[] replay = new TrackingToken[segments.length];
                for (int i = 0; i < segments.length; i++) {
                    // Replaying from the start until the position the segment had reached (a segment that
                    // never ran: until the head), like a processor's resetTokens().
                    replay[i] = ReplayToken.createReplayToken(atReset[i] != null ? atReset[i] : headToken, null);
                    tokens.storeToken(replay[i], name, segments[i]);
                }
                claimed.add(new Claimed(group, segments, replay));
            }
            return new Start(claimed, head, events);
        });
    }

    /** One group's share of a chunk: the events it handles (with their segment), and every segment's token after the chunk. */
    private record Share(List<TrackedEventMessage<?>> messages, List<Segment> segments, TrackingToken[] tokensAfter) {
    }

    /** One chunk of the store for all groups: its rows' count and last position (or the reader's failure, or the end). */
    private record Chunk(List<Share> shares, int events, long lastPosition, Throwable failure) {
        static final Chunk END = new Chunk(List.of(), 0, -1, null);
    }

    /**
     * Replays every event up to {@code start.head()} into every group; {@code progress} receives the
     * last position written after each transaction. Returns when all is written; the claims stay with
     * this node until {@link #release}.
     */
    void replay(Start start, LongConsumer progress) throws Exception {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(2);
        Thread reader = new Thread(() -> read(start, queue), "replay-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            Written written;
            do {
                written = writeTransaction(start, queue);
                vacuumBloatedTables();
                if (written.lastPosition() >= 0) {
                    progress.accept(written.lastPosition());
                }
            } while (written.more());
        } finally {
            reader.interrupt();
        }
    }

    /**
     * One transaction: chunks from the reader until {@code batchSize} events are in it (or 3 s have
     * passed, or the store ends), each group's handlers over each chunk's share, then every segment's
     * token.
     *
     * <p>Each chunk is handled in its own unit of work per group; one {@link BulkReplay} spans the
     * transaction, so a projection can write per chunk what is cheap to write as it comes (e.g. new
     * movement rows) and once per transaction what it would otherwise rewrite with every chunk (e.g.
     * an account's balance row: once per transaction instead of once per chunk, and one dead row
     * version less each time). The units of work are not nested in one root: a root would keep every
     * chunk's events alive until the commit, and the garbage collector would copy them again and again.
     *
     * <p>{@code synchronous_commit = off} for these transactions only: PostgreSQL then acknowledges the
     * commit before its WAL record is flushed. A crash can lose the last few transactions, but never
     * half of one, and never rows without their token or a token without its rows (a transaction is
     * recovered whole or not at all) — and a crashed replay is simply run again from an emptied
     * projection. The final transaction ({@link #release}) commits synchronously, which flushes
     * everything before it.
     */
    private Written writeTransaction(Start start, BlockingQueue<Chunk> queue) {
        return transactions.fetchInTransaction(() -> {
            jdbc.sql("SET LOCAL synchronous_commit = off").update();
            BulkReplay transaction = new BulkReplay();
            Chunk chunk = null;
            long events = 0;
            boolean more = true;
            long began = System.nanoTime();
            while (events < batchSize && System.nanoTime() - began < MAX_TRANSACTION_NANOS) {
                Chunk next = take(queue);
                if (next == Chunk.END) {
                    more = false;
                    break;
                }
                chunk = next;
                for (int g = 0; g < start.groups().size(); g++) {
                    Share share = chunk.shares().get(g);
                    if (!share.messages().isEmpty()) {
                        handle(start.groups().get(g).group(), share, transaction);
                    }
                }
                events += chunk.events();
            }
            transaction.beforeCommit();
            if (chunk == null) {
                return new Written(-1, more);
            }
            for (int g = 0; g < start.groups().size(); g++) {
                Claimed claimed = start.groups().get(g);
                for (int i = 0; i < claimed.segmentIds().length; i++) {
                    tokens.storeToken(chunk.shares().get(g).tokensAfter()[i], claimed.group().name(), claimed.segmentIds()[i]);
                }
            }
            return new Written(chunk.lastPosition(), more);
        });
    }

    /** What one transaction wrote: the last position (-1: none), and whether the store has more. */
    private record Written(long lastPosition, boolean more) {
    }

    /** The reader's next chunk; its failure is thrown here. */
    private static Chunk take(BlockingQueue<Chunk> queue) {
        Chunk chunk;
        try {
            chunk = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the event store reader", e);
        }
        if (chunk.failure() != null) {
            throw new IllegalStateException("reading the event store failed: " + chunk.failure(), chunk.failure());
        }
        return chunk;
    }

    /**
     * Vacuums the event table first when most of its rows were written since it was last vacuumed
     * (a store just restored or bulk-loaded, before autovacuum came by). The first reader of a fresh
     * row records that its transaction committed (hint bits; with data checksums also a full page
     * image in the WAL): measured on 1,000,000 freshly appended events, the replay took 23 s longer
     * that way, while a VACUUM beforehand took 1.3 s. {@code vacuumed} hears the rows and seconds.
     * A failure only costs speed: the replay goes on.
     */
    void vacuumFreshEventStore(BiConsumer<Long, Double> vacuumed) {
        List<Long> fresh;
        try {
            fresh = jdbc.sql("""
                            SELECT n_ins_since_vacuum FROM pg_stat_user_tables
                            WHERE relid = to_regclass(:table) AND n_ins_since_vacuum > greatest(100000, n_live_tup / 2)""")
                    .param("table", schema.domainEventTable())
                    .query(Long.class).list();
        } catch (DataAccessException e) { // e.g. a server older than PostgreSQL 13
            return;
        }
        if (fresh.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        if (vacuum(schema.domainEventTable(), schema.domainEventTable(), "first")) {
            vacuumed.accept(fresh.get(0), (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * {@code VACUUM what}; true when it happened. A refusal only costs speed: it is reported once
     * per table and the replay goes on.
     */
    private boolean vacuum(String table, String what, String when) {
        Optional<String> problem = Vacuum.run(dataSource, what);
        problem.ifPresent(p -> {
            if (vacuumRefused.add(table)) {
                System.err.println("replay: could not vacuum " + table + " " + when + " (the replay goes on, slower): " + p);
            }
        });
        return problem.isEmpty();
    }

    /** A group's handlers over its share of a chunk, in one unit of work (its commit phase runs the projections' batched writes). */
    private static void handle(Group group, Share share, BulkReplay transaction) {
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(share.messages());
        unitOfWork.resources().put(BulkReplay.RESOURCE, transaction);
        int[] next = {0};
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            group.handlers().handle(unitOfWork.getMessage(), share.segments().get(next[0]++));
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable e = result.exceptionResult();
            throw new IllegalStateException("a handler of '" + group.name() + "' failed: " + e, e);
        }
    }

    /**
     * Vacuums the tables whose dead row versions outnumber their live rows, between transactions.
     *
     * <p>A replay updates the same read-model rows again and again (an account's balance once per
     * transaction). Every update that changes an indexed column leaves a dead version behind in the table
     * and in each index, and autovacuum visits a table at most once a minute: when every chunk of a
     * 1,000,000-event replay rewrote the balances of 10,000 accounts, the balance table reached 600,000
     * dead versions, every lookup waded through them, and the balance updates took half of the
     * replay's time. Vacuuming such a table after each transaction keeps it near its live size (a few
     * milliseconds each time).
     * PostgreSQL's table statistics name the tables, so no projection has to announce them.
     *
     * <p>Only speed depends on this: if a table cannot be vacuumed (e.g. the database user does not
     * own it, or someone holds a lock on it), the replay says so once, leaves that table alone and goes
     * on. Only tables of the application's schema are considered.
     */
    private void vacuumBloatedTables() {
        List<String> bloated;
        try {
            bloated = jdbc.sql("""
                            SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables
                            WHERE schemaname = current_schema() AND n_dead_tup > greatest(n_live_tup, 1000)""")
                    .query(String.class).list();
        } catch (DataAccessException e) {
            return;
        }
        for (String table : bloated) {
            if (vacuumRefused.contains(table)) {
                continue;
            }
            // SKIP_LOCKED: never wait for someone else's lock while holding the replay's claims
            vacuum(table, "(SKIP_LOCKED) " + table, "between transactions");
        }
    }

    /** Releases the claims (synchronous commit: everything written before is durable afterwards). */
    void release(Start start) {
        transactions.executeInTransaction(() -> {
            for (Claimed claimed : start.groups()) {
                for (int segment : claimed.segmentIds()) {
                    tokens.releaseClaim(claimed.group().name(), segment);
                }
            }
        });
    }

    /** The reader's view of one group: its segments, their running tokens, and which payload types it handles. */
    private static final class Route {
        final Group group;
        final Segment[] segments;
        final TrackingToken[] tokens;
        final Map<Class<?>, Boolean> handles = new HashMap<>();

        Route(Claimed claimed) {
            this.group = claimed.group();
            int[] ids = claimed.segmentIds();
            this.segments = new Segment[ids.length];
            for (int i = 0; i < ids.length; i++) {
                segments[i] = Segment.computeSegment(ids[i], ids);
            }
            this.tokens = claimed.replayTokens().clone();
        }

        boolean handlesType(Class<?> payloadType) {
            return handles.computeIfAbsent(payloadType, group.handlers()::canHandleType);
        }

        int segmentOf(EventMessage<?> event) {
            Object key = group.sequencing().getSequenceIdentifierFor(event);
            int hash = Objects.hashCode(key != null ? key : event.getIdentifier());
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].matches(hash)) {
                    return i;
                }
            }
            throw new IllegalStateException("no segment of " + group.name() + " matches hash " + hash);
        }
    }

    /**
     * The reader thread. Plain forward reads of {@code global_index} in order up to the head, a page
     * of {@code fetchSize} rows per short query ({@code global_index > last ORDER BY global_index
     * LIMIT n}, an index range scan), instead of the tracking query (which re-reads from the token
     * and re-checks gaps page by page). Short queries rather than one cursor over the whole store:
     * a transaction open for the whole replay would hold back PostgreSQL's cleanup of the balance
     * rows the replay updates again and again, and every update would wade through their dead
     * versions.
     *
     * <p>Why skipping the gap handling of the tracking query is safe here: the head is fixed when the
     * replay starts. A global index missing below the head is either a rolled-back transaction
     * (never filled) or an append still in flight that commits later. The tokens are built with
     * Axon's own rule (JdbcEventStorageEngine#getTrackedEventData: gaps are kept for events younger
     * than the gap timeout, within the maximum gap offset), so the tokens this replay stores list
     * such an in-flight index as a gap, and the live processor that continues from them delivers the
     * event when it appears — as it would after any batch of its own. Events appended above the head
     * are left to the live processors too.
     */
    private void read(Start start, BlockingQueue<Chunk> queue) {
        try {
            List<Route> routes = start.groups().stream().map(Route::new).toList();
            String sql = "SELECT " + String.join(", ", schema.globalIndexColumn(), schema.typeColumn(), schema.aggregateIdentifierColumn(),
                    schema.sequenceNumberColumn(), schema.eventIdentifierColumn(), schema.timestampColumn(), schema.payloadTypeColumn(),
                    schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn())
                    + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ? AND "
                    + schema.globalIndexColumn() + " <= ? ORDER BY " + schema.globalIndexColumn() + " LIMIT ?";
            GapAwareTrackingToken position = null;
            long last = Long.MIN_VALUE;
            int page = Math.min(fetchSize, batchSize); // a transaction holds whole chunks
            List<TrackedEventData<?>> rows = new ArrayList<>(page);
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                boolean more = true;
                while (more) {
                    ps.setLong(1, last);
                    ps.setLong(2, start.head());
                    ps.setInt(3, page);
                    int read = 0;
                    Instant gapFrame = Instant.now().minusMillis(GAP_TIMEOUT_MS);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            TrackedDomainEventData<?> row = row(rs, position, gapFrame);
                            position = (GapAwareTrackingToken) row.trackingToken();
                            last = rs.getLong(1);
                            rows.add(row);
                            read++;
                        }
                    }
                    more = read == page;
                    if (!rows.isEmpty()) {
                        queue.put(chunk(rows, position, routes));
                        rows = new ArrayList<>(page);
                    }
                }
            }
            queue.put(Chunk.END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            queue.clear();
            queue.offer(new Chunk(List.of(), 0, -1, e));
        }
    }

    /** Upcasts one chunk of rows and gives each group the events it handles, deserialized. */
    private Chunk chunk(List<TrackedEventData<?>> rows, GapAwareTrackingToken last, List<Route> routes) {
        List<List<TrackedEventMessage<?>>> messages = new ArrayList<>();
        List<List<Segment>> segments = new ArrayList<>();
        for (int g = 0; g < routes.size(); g++) {
            messages.add(new ArrayList<>());
            segments.add(new ArrayList<>());
        }
        EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters).forEach(event -> {
            Class<?> type = event.getPayloadType(); // from the stored type name: nothing deserialized yet
            for (int g = 0; g < routes.size(); g++) {
                Route route = routes.get(g);
                if (!route.handlesType(type)) {
                    continue;
                }
                int s = route.segmentOf(event);
                // the message carries its segment's replay token, so replay-aware handlers (@DisallowReplay) behave as in a processor
                route.tokens[s] = WrappedToken.advance(route.tokens[s], event.trackingToken());
                TrackedEventMessage<?> message = event.withTrackingToken(route.tokens[s]);
                if (route.group.handlers().canHandle(message, route.segments[s])) {
                    message.getPayload(); // deserialized here, on the reader thread
                    messages.get(g).add(message);
                    segments.get(g).add(route.segments[s]);
                }
            }
        });
        List<Share> shares = new ArrayList<>(routes.size());
        for (int g = 0; g < routes.size(); g++) {
            Route route = routes.get(g);
            TrackingToken[] after = new TrackingToken[route.tokens.length];
            for (int i = 0; i < after.length; i++) {
                route.tokens[i] = WrappedToken.advance(route.tokens[i], last);
                after[i] = route.tokens[i];
            }
            shares.add(new Share(messages.get(g), segments.get(g), after));
        }
        return new Chunk(shares, rows.size(), last.getIndex(), null);
    }

    /** A row and its token, computed exactly as JdbcEventStorageEngine#getTrackedEventData does. */
    private static TrackedDomainEventData<?> row(ResultSet rs, GapAwareTrackingToken previous, Instant gapFrame) throws SQLException {
        long globalIndex = rs.getLong(1);
        String aggregateIdentifier = rs.getString(3);
        String eventIdentifier = rs.getString(5);
        StoredEntry entry = new StoredEntry(rs.getString(2), eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                rs.getLong(4), eventIdentifier, rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
        boolean allowGaps = entry.getTimestamp().isAfter(gapFrame);
        GapAwareTrackingToken token;
        if (previous == null) {
            token = GapAwareTrackingToken.newInstance(globalIndex, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalIndex), globalIndex).boxed().collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previous.advanceTo(globalIndex, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, entry);
    }

    /**
     * A stored event whose time is parsed once: Axon's entry parses its text on every call, and the
     * token, the upcaster and the message each ask (a third of the reader's time went there).
     */
    private static final class StoredEntry extends GenericDomainEventEntry<byte[]> {
        private final Instant timestamp;

        StoredEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier, String timestamp,
                    String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision, payload, metaData);
            this.timestamp = super.getTimestamp();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }
    }
}
