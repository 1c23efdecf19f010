package dev.agis.projections.ledger;

import dev.agis.domain.account.AccountEvents.AccountOpened;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.projections.BulkReplay;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Balances and movement history of every account. Idempotent: a balance row only moves forward
 * in aggregate sequence, a movement row is keyed by (account, sequence), so redelivered or
 * replayed events change nothing.
 *
 * <p>The rows of one processor batch are written together when the batch's unit of work prepares
 * its commit (same transaction as the token): one statement over arrays for all balance changes and
 * one for all movement rows, so a batch of 1000 events costs three statements instead of two per
 * event — what makes a replay fast. Openings are written first, then balances, then movements;
 * within one account events arrive in sequence order, so the result equals writing event by event.
 * In a bulk replay ({@link BulkReplay}) the movements of each handler batch are copied as they come,
 * while openings and balances wait for the end of the replay's transaction, which spans many
 * handler batches: then only each account's newest balance is written, with the number of
 * movements that led to it (an account's sequence numbers only grow, and the replay hands each
 * event once).
 */
@Component
@ProcessingGroup(LedgerProjection.GROUP)
public class LedgerProjection {

    public static final String GROUP = "ledger";

    private static final String OPEN = """
            INSERT INTO account_balance (account_id, kind, balance, held, movements, last_sequence, opened_at, updated_at)
            VALUES (?, ?, 0, 0, 0, ?, ?, ?)
            ON CONFLICT (account_id) DO NOTHING""";
    private static final String UPDATE_BALANCE = """
            UPDATE account_balance
            SET balance = ?, held = ?, movements = movements + 1, last_sequence = ?, updated_at = ?
            WHERE account_id = ? AND last_sequence < ?""";
    private static final String INSERT_MOVEMENT = """
            INSERT INTO account_movement (account_id, sequence_number, kind, reason, amount, balance_after, held_after,
                                          idempotency_key, actor, counterpart, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, sequence_number) DO NOTHING""";
    /**
     * A whole batch of balance changes in one statement: per account, the movements newer than the
     * row's last_sequence are counted and the newest one sets the balance — the same result as
     * applying them one by one with the last_sequence guard, since an account's events arrive in
     * sequence order. One sort of the batch picks each account's newest movement (DISTINCT ON): no
     * join of the batch with itself, whose plan (the planner cannot estimate unnest's row count)
     * could turn quadratic in the batch size.
     */
    private static final String UPDATE_BALANCES = """
            WITH v AS (SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[]::timestamptz[])
                                     AS t(account_id, seq, balance, held, at)),
                 newer AS (SELECT DISTINCT ON (v.account_id) v.account_id, v.seq, v.balance, v.held, v.at,
                                  count(*) OVER (PARTITION BY v.account_id) AS n
                           FROM v JOIN account_balance b ON b.account_id = v.account_id AND v.seq > b.last_sequence
                           ORDER BY v.account_id, v.seq DESC)
            UPDATE account_balance b
            SET balance = newer.balance, held = newer.held, movements = b.movements + newer.n, last_sequence = newer.seq,
                updated_at = newer.at
            FROM newer
            WHERE b.account_id = newer.account_id""";
    private static final String COPY_MOVEMENTS = """
            COPY account_movement (account_id, sequence_number, kind, reason, amount, balance_after, held_after,
                                   idempotency_key, actor, counterpart, occurred_at) FROM STDIN""";
    /**
     * A bulk replay's balances (see {@link BulkReplay}): one row per account with its newest movement
     * in the transaction and how many movements it had there, so each balance row is written once per
     * transaction however many movements the account had.
     */
    private static final String UPDATE_NEWEST_BALANCES = """
            UPDATE account_balance b
            SET balance = v.balance, held = v.held, movements = b.movements + v.n, last_sequence = v.seq, updated_at = v.at
            FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[]::timestamptz[], ?::bigint[])
                 AS v(account_id, seq, balance, held, at, n)
            WHERE b.account_id = v.account_id AND b.last_sequence < v.seq""";
    /** A whole batch of movement rows in one statement. */
    private static final String INSERT_MOVEMENTS = """
            INSERT INTO account_movement (account_id, sequence_number, kind, reason, amount, balance_after, held_after,
                                          idempotency_key, actor, counterpart, occurred_at)
            SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[],
                                 ?::varchar[], ?::varchar[], ?::varchar[], ?::text[]::timestamptz[])
            ON CONFLICT (account_id, sequence_number) DO NOTHING""";

    private final JdbcTemplate jdbc;

    public LedgerProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The balance side of one unit of work (in a bulk replay: of one transaction), written before it commits. */
    private static final class Pending {
        /** A bulk replay (see {@link BulkReplay}): balances kept newest-only per account. */
        final boolean bulk;
        final List<Object[]> opened = new ArrayList<>();
        /** Live: every movement's balance row, in order. */
        final List<Object[]> balances = new ArrayList<>();
        /** Bulk: each account's newest balance and its movement count, in first-seen order. */
        final Map<String, Newest> newest = new LinkedHashMap<>();

        Pending(boolean bulk) {
            this.bulk = bulk;
        }
    }

    /** An account's newest balance in a bulk replay transaction, and how many movements led to it. */
    private static final class Newest {
        long sequence;
        long balance;
        long held;
        Timestamp at;
        long movements;

        /** The columns of {@link #UPDATE_NEWEST_BALANCES}, account first. */
        Object[] row(String accountId) {
            return new Object[]{accountId, sequence, balance, held, at, movements};
        }
    }

    @EventHandler
    void on(AccountOpened e, @SequenceNumber long seq) {
        Timestamp at = Timestamp.from(storedTime(e.openedAt()));
        Object[] row = {e.accountId().value(), e.kind().name(), seq, at, at};
        Pending pending = pending();
        if (pending == null) {
            jdbc.update(OPEN, row);
        } else {
            pending.opened.add(row);
        }
    }

    @EventHandler
    void on(Movement m, @SequenceNumber long seq) {
        Timestamp at = Timestamp.from(storedTime(m.occurredAt()));
        Object[] movement = {m.accountId().value(), seq, m.kind().name(), m.reason().name(), m.amount().value(),
                m.balanceAfter().value(), m.heldAfter().value(), m.idempotencyKey(), m.actor().value(), m.counterpart(), at};
        Pending pending = pending();
        if (pending != null && pending.bulk) {
            Newest newest = pending.newest.computeIfAbsent(m.accountId().value(), id -> new Newest());
            newest.sequence = seq; // an account's events arrive in sequence order
            newest.balance = m.balanceAfter().value();
            newest.held = m.heldAfter().value();
            newest.at = at;
            newest.movements++;
            movements().add(movement);
            return;
        }
        Object[] balance = {m.balanceAfter().value(), m.heldAfter().value(), seq, at, m.accountId().value(), seq};
        if (pending == null) {
            jdbc.update(UPDATE_BALANCE, balance);
            jdbc.update(INSERT_MOVEMENT, movement);
        } else {
            pending.balances.add(balance);
            movements().add(movement);
        }
    }

    /**
     * The time as the read model stores it: PostgreSQL keeps microseconds, and the rounding (half up)
     * happens here, so every write path and every check agree on it.
     */
    public static Instant storedTime(Instant t) {
        return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /** A replay starts from empty tables. */
    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE account_balance, account_movement");
    }

    /**
     * The balance buffer of the root unit of work, or of the whole transaction in a bulk replay
     * (flushed before it commits); null outside a unit of work.
     */
    private Pending pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        BulkReplay bulk = BulkReplay.current();
        if (bulk != null) {
            return bulk.resource(LedgerProjection.class.getName() + ".pending", () -> new Pending(true), this::flush);
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(LedgerProjection.class.getName() + ".pending", key -> {
            Pending p = new Pending(false);
            root.onPrepareCommit(u -> flush(p));
            return p;
        });
    }

    /**
     * The movement rows of the root unit of work (flushed before it commits, after the balances): the
     * handlers' own batch, also in a bulk replay, so the rows never pile up over a whole replay
     * transaction. Called only inside a unit of work.
     */
    private List<Object[]> movements() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(LedgerProjection.class.getName() + ".movements", key -> {
            boolean bulk = BulkReplay.active();
            List<Object[]> rows = new ArrayList<>();
            root.onPrepareCommit(u -> {
                if (!rows.isEmpty() && bulk) {
                    copyMovements(rows);
                } else if (!rows.isEmpty()) {
                    arrays(INSERT_MOVEMENTS, rows, new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                            "varchar", "bigint", "varchar", "varchar", "bigint", "bigint", "bigint", "varchar", "varchar", "varchar", "text");
                }
            });
            return rows;
        });
    }

    private void flush(Pending p) {
        if (!p.opened.isEmpty()) {
            jdbc.batchUpdate(OPEN, p.opened);
        }
        if (!p.balances.isEmpty()) {
            arrays(UPDATE_BALANCES, p.balances, new int[]{4, 5, 0, 1, 3}, "varchar", "bigint", "bigint", "bigint", "text");
        }
        if (!p.newest.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(p.newest.size());
            p.newest.forEach((accountId, n) -> rows.add(n.row(accountId)));
            arrays(UPDATE_NEWEST_BALANCES, rows, new int[]{0, 1, 2, 3, 4, 5}, "varchar", "bigint", "bigint", "bigint", "text", "bigint");
        }
    }

    /**
     * Loads movement rows with {@code COPY} (text format), for a bulk replay only: the replay's reset
     * emptied the table and hands every event exactly once, in the transaction that also moves the
     * token, so there is no row to skip and {@code ON CONFLICT} is not needed. The values are those of
     * {@link #INSERT_MOVEMENTS} (times as the same ISO-8601 text), so the rows are identical.
     */
    private void copyMovements(List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 200);
        for (Object[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                if (f > 0) {
                    text.append('\t');
                }
                Object value = row[f];
                if (value == null) {
                    text.append("\\N");
                } else if (value instanceof Timestamp t) {
                    text.append(t.toInstant());
                } else if (value instanceof String str) {
                    copyEscape(text, str);
                } else {
                    text.append(value);
                }
            }
            text.append('\n');
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        jdbc.execute((ConnectionCallback<Long>) con -> {
            CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_MOVEMENTS);
            try {
                copy.writeToCopy(data, 0, data.length);
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    /** Escapes a value for COPY's text format. */
    static void copyEscape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    /**
     * Runs one statement whose parameters are SQL arrays, one per field of the rows. Times travel as
     * ISO-8601 text with their offset, so the session's time zone cannot shift them.
     */
    private void arrays(String sql, List<Object[]> rows, int[] fields, String... types) {
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            for (int f = 0; f < fields.length; f++) {
                Object[] column = new Object[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    Object value = rows.get(r)[fields[f]];
                    column[r] = value instanceof Timestamp t ? t.toInstant().toString() : value;
                }
                ps.setArray(f + 1, con.createArrayOf(types[f], column));
            }
            return ps;
        });
    }
}
