package dev.agis.http.ayet;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code ayet_callback_inbox} table (ADR 0050). Every statement joins the caller's transaction,
 * if there is one: a worker takes, handles and deletes its rows in one.
 */
@Component
public class CallbackInbox {

    /** One stored callback. */
    record Row(long id, String transactionId, String query, String source, boolean sourceAllowed, Instant receivedAt,
               int attempts, String player) {
    }

    /** How full the inbox is: rows waiting and the age of the oldest (zero when empty). */
    public record Depth(long rows, Duration oldest) {
    }

    /** The advisory-lock namespace (first key of the two-key form) of the players a worker's transaction holds. */
    private static final int PLAYER_LOCKS = 0x494E_4258; // "INBX"
    private static final RowMapper<Row> ROW = (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getString(8));
    /** A row's player (rows stored before players were, by their transaction id). */
    private static final String COLUMNS = "id, transaction_id, query, source, source_allowed, received_at, attempts, "
            + "coalesce(player_id, transaction_id)";

    private final JdbcClient jdbc;

    public CallbackInbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a callback unless one with its key is waiting; true if this call stored it. */
    boolean add(AyetCallback callback, String rawQuery, String source, boolean sourceAllowed) {
        return jdbc.sql("""
                        INSERT INTO ayet_callback_inbox (transaction_id, reversal, player_id, query, source, source_allowed)
                        VALUES (:tx, :reversal, :player, :query, :source, :allowed)
                        ON CONFLICT (transaction_id, reversal) DO NOTHING""")
                .param("tx", callback.transactionId())
                .param("reversal", callback.reversal())
                .param("player", callback.playerId().value())
                .param("query", rawQuery)
                .param("source", source)
                .param("allowed", sourceAllowed)
                .update() == 1;
    }

    /**
     * Locks up to {@code limit} due rows, oldest first, skipping rows another worker holds, and
     * returns those whose players it could take too ({@link #ofPlayersTaken}); rows and players stay
     * locked until the caller's transaction ends.
     */
    List<Row> take(int limit) {
        return ofPlayersTaken(jdbc.sql("SELECT " + COLUMNS + """
                         FROM ayet_callback_inbox WHERE due_at <= now()
                        ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("limit", limit)
                .query(ROW).list());
    }

    /** Locks exactly these rows if they are still there and free, and their players (a retry of part of a failed batch). */
    List<Row> take(Collection<Long> ids) {
        return ofPlayersTaken(jdbc.sql("SELECT " + COLUMNS + """
                         FROM ayet_callback_inbox WHERE id = ANY(:ids)
                        ORDER BY id FOR UPDATE SKIP LOCKED""")
                .param("ids", ids.toArray(Long[]::new))
                .query(ROW).list());
    }

    /**
     * The rows whose players the transaction could take, without waiting, for itself: one
     * transaction at a time handles a player's callbacks, so two batches never wait for each other's
     * conversions, reversals or velocity rows (no deadlock). A row whose player another worker holds
     * stays, locked and untouched, until this transaction ends. Asked only for the rows taken, so a
     * worker never holds players it has no row of.
     */
    private List<Row> ofPlayersTaken(List<Row> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Set<String> taken = new HashSet<>(jdbc.sql("""
                        SELECT p FROM unnest(CAST(:players AS text[])) AS p WHERE pg_try_advisory_xact_lock(:ns, hashtext(p))""")
                .param("players", rows.stream().map(Row::player).distinct().toArray(String[]::new))
                .param("ns", PLAYER_LOCKS)
                .query(String.class).list());
        return rows.stream().filter(row -> taken.contains(row.player())).toList();
    }

    void delete(Collection<Long> ids) {
        jdbc.sql("DELETE FROM ayet_callback_inbox WHERE id = ANY(:ids)").param("ids", ids.toArray(Long[]::new)).update();
    }

    /** A row that failed alone waits before its next attempt, so it does not fail every batch it lands in. */
    void postpone(long id, Duration wait) {
        jdbc.sql("UPDATE ayet_callback_inbox SET attempts = attempts + 1, due_at = now() + :waitMs * interval '1 millisecond' WHERE id = :id")
                .param("waitMs", wait.toMillis())
                .param("id", id)
                .update();
    }

    public Depth depth() {
        return jdbc.sql("SELECT count(*), coalesce(extract(epoch FROM now() - min(received_at)), 0) FROM ayet_callback_inbox")
                .query((rs, i) -> new Depth(rs.getLong(1), Duration.ofMillis(Math.round(rs.getDouble(2) * 1000))))
                .single();
    }
}
