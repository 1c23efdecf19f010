package dev.agis.cli.audit;

import dev.agis.cli.audit.AccountFold.BalanceRow;
import dev.agis.cli.audit.AccountFold.MovementRow;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.MovementReason;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code agis audit verify}: replays every account stream from the event store and checks the
 * ledger invariants, that every transfer arrived, and that the ledger projection's read models
 * ({@code account_balance}, which the leaderboard is a query over, and {@code account_movement})
 * hold exactly what the events say. Streams the store; read-model rows are compared in chunks of
 * accounts, so memory stays bounded by the chunk (and by transfers whose two sides have not both
 * been seen yet).
 */
public final class LedgerVerifier {

    private static final int CHUNK_ACCOUNTS = 500;
    private static final int CHUNK_MOVEMENTS = 50_000;

    /**
     * The outcome: counts, problems (broken invariants and read-model mismatches), transfers still in
     * flight, and ledger movements that a dead-letter queue holds back or from which an operator evicted
     * them (what explains a read model that differs from the events; ADR 0053).
     */
    public record Report(long events, long accounts, long movements, long transfers, List<String> problems,
                         long problemCount, List<String> inFlight, List<String> deadLetters) {
        public boolean ok() {
            return problemCount == 0;
        }
    }

    private record Transfer(String transferId, String from, String to, long amount, Instant at) {
    }

    private final StoredEvents events;
    private final DataSource dataSource;
    private final Duration inFlightGrace;
    private final int maxProblems;
    private final Instant now;

    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private final Map<String, Transfer> sentWaitingForCredit = new HashMap<>();
    private final Map<String, Transfer> creditedWaitingForSent = new HashMap<>();
    private long eventCount;
    private long accountCount;
    private long movementCount;
    private long transferCount;

    // the current chunk of accounts whose read-model rows are still to be compared
    private final Map<String, BalanceRow> chunkBalances = new LinkedHashMap<>();
    private final Map<String, MovementRow> chunkMovements = new HashMap<>();

    public LedgerVerifier(StoredEvents events, DataSource dataSource, Duration inFlightGrace, int maxProblems, Instant now) {
        this.events = events;
        this.dataSource = dataSource;
        this.inFlightGrace = inFlightGrace;
        this.maxProblems = maxProblems;
        this.now = now;
    }

    public Report run() {
        AccountFold[] current = {null};
        events.forAllAccounts(event -> {
            eventCount++;
            if (current[0] == null || !current[0].accountId().equals(event.aggregateId())) {
                finish(current[0]);
                current[0] = new AccountFold(event.aggregateId(), false, this::problem);
                accountCount++;
            }
            MovementRow row = current[0].apply(event);
            if (row != null) {
                movementCount++;
                chunkMovements.put(row.accountId() + "#" + row.sequence(), row);
                track(event);
            }
        });
        finish(current[0]);
        compareChunk();
        checkOrphanRows();
        List<String> inFlight = new ArrayList<>();
        for (Transfer t : sentWaitingForCredit.values()) {
            String text = "transfer " + t.transferId() + " of " + t.amount() + " GC from " + t.from() + " to " + t.to()
                    + " sent at " + t.at() + " has no TRANSFER_IN credit with key transfer/" + t.transferId();
            if (t.at().plus(inFlightGrace).isBefore(now)) {
                problem(text + " (older than " + inFlightGrace + ": lost, not in flight)");
            } else {
                inFlight.add(text);
            }
        }
        for (Transfer t : creditedWaitingForSent.values()) {
            problem(t.to() + ": TRANSFER_IN credit of " + t.amount() + " GC with key transfer/" + t.transferId()
                    + " has no TransferSent with that transfer id");
        }
        return new Report(eventCount, accountCount, movementCount, transferCount, List.copyOf(problems), problemCount, inFlight,
                deadLetteredMovements());
    }

    /** Ledger movements held in a dead-letter queue now, and those operators evicted from one (never handled there). */
    private List<String> deadLetteredMovements() {
        List<String> lines = new ArrayList<>();
        Object[] movementTypes = Arrays.stream(Movement.class.getPermittedSubclasses()).map(Class::getName).toArray();
        try (Connection c = dataSource.getConnection();
             PreparedStatement held = c.prepareStatement("""
                     SELECT processing_group, sequence_identifier, sequence_number, payload_type, enqueued_at, cause_message
                     FROM dead_letter_entry WHERE payload_type = ANY (?)
                     ORDER BY processing_group, sequence_identifier, sequence_index""");
             PreparedStatement evicted = c.prepareStatement("""
                     SELECT at, operator, processing_group, sequence_identifier, sequence_number, event_type, reason
                     FROM dead_letter_action WHERE action = 'EVICT' AND money_event ORDER BY id""")) {
            held.setArray(1, c.createArrayOf("varchar", movementTypes));
            try (ResultSet rs = held.executeQuery()) {
                while (rs.next()) {
                    lines.add("held in the dead-letter queue of " + rs.getString(1) + ": " + simpleName(rs.getString(4)) + " of "
                            + rs.getString(2) + " at sequence " + rs.getLong(3) + ", since " + rs.getString(5)
                            + (rs.getString(6) == null ? " (behind an earlier failed event)" : ": " + rs.getString(6)));
                }
            }
            try (ResultSet rs = evicted.executeQuery()) {
                while (rs.next()) {
                    lines.add("evicted from " + rs.getString(3) + " by " + rs.getString(2) + " at " + rs.getTimestamp(1).toInstant()
                            + ": " + simpleName(rs.getString(6)) + " of " + rs.getString(4) + " at sequence " + rs.getLong(5)
                            + " (" + rs.getString(7) + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the dead-letter queues: " + e.getMessage(), e);
        }
        return lines;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }

    private void problem(String text) {
        problemCount++;
        if (problems.size() < maxProblems) {
            problems.add(text);
        }
    }

    private void finish(AccountFold fold) {
        if (fold == null) {
            return;
        }
        chunkBalances.put(fold.accountId(), fold.expectedBalanceRow());
        if (chunkBalances.size() >= CHUNK_ACCOUNTS || chunkMovements.size() >= CHUNK_MOVEMENTS) {
            compareChunk();
        }
    }

    /** Pairs every TransferSent with the TRANSFER_IN credit keyed transfer/&lt;id&gt; on the destination. */
    private void track(StoredEvent event) {
        Object payload = event.payload();
        if (payload instanceof TransferSent sent) {
            transferCount++;
            Transfer t = new Transfer(sent.transferId(), sent.accountId().value(), sent.to().value(), sent.amount().value(), sent.occurredAt());
            Transfer credit = creditedWaitingForSent.remove(t.transferId());
            if (credit == null) {
                sentWaitingForCredit.put(t.transferId(), t);
            } else {
                matchTransfer(t, credit);
            }
        } else if (payload instanceof AccountCredited credited && credited.reason() == MovementReason.TRANSFER_IN
                && credited.idempotencyKey().startsWith("transfer/")) {
            String id = credited.idempotencyKey().substring("transfer/".length());
            Transfer t = new Transfer(id, null, credited.accountId().value(), credited.amount().value(), credited.occurredAt());
            Transfer sent = sentWaitingForCredit.remove(id);
            if (sent == null) {
                creditedWaitingForSent.put(id, t);
            } else {
                matchTransfer(sent, t);
            }
        }
    }

    private void matchTransfer(Transfer sent, Transfer credit) {
        if (!sent.to().equals(credit.to()) || sent.amount() != credit.amount()) {
            problem("transfer " + sent.transferId() + ": sent " + sent.amount() + " GC to " + sent.to() + ", but "
                    + credit.to() + " was credited " + credit.amount() + " GC");
        }
    }

    private void compareChunk() {
        if (chunkBalances.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            Array ids = c.createArrayOf("varchar", chunkBalances.keySet().toArray());
            Map<String, BalanceRow> stored = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT account_id, kind, balance, held, movements, last_sequence, opened_at, updated_at
                    FROM account_balance WHERE account_id = ANY (?)""")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), new BalanceRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
                    }
                }
            }
            chunkBalances.forEach((id, expected) -> {
                BalanceRow actual = stored.get(id);
                if (expected == null && actual != null) {
                    problem("account_balance row " + id + " exists, but the events never opened that account: " + actual);
                } else if (expected != null && actual == null) {
                    problem("account_balance row " + id + " is missing; the events say " + expected);
                } else if (expected != null && !expected.equals(actual)) {
                    problem("account_balance row " + id + " differs: read model " + actual + ", events " + expected);
                }
            });
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT account_id, sequence_number, kind, reason, amount, balance_after, held_after, idempotency_key,
                           actor, counterpart, occurred_at
                    FROM account_movement WHERE account_id = ANY (?)""")) {
                ps.setArray(1, ids);
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MovementRow actual = new MovementRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getTimestamp(11).toInstant());
                        MovementRow expected = chunkMovements.remove(actual.accountId() + "#" + actual.sequence());
                        if (expected == null) {
                            problem("account_movement row (" + actual.accountId() + ", " + actual.sequence()
                                    + ") has no movement event at that sequence: " + actual);
                        } else if (!Objects.equals(expected, actual)) {
                            problem("account_movement row (" + actual.accountId() + ", " + actual.sequence() + ") differs: read model "
                                    + actual + ", events " + expected);
                        }
                    }
                }
            }
            for (MovementRow missing : chunkMovements.values()) {
                problem("account_movement row (" + missing.accountId() + ", " + missing.sequence() + ") is missing; the events say " + missing);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the ledger read models: " + e.getMessage(), e);
        }
        chunkBalances.clear();
        chunkMovements.clear();
    }

    /** Read-model rows of accounts that have no events at all. */
    private void checkOrphanRows() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement balances = c.prepareStatement("""
                     SELECT b.account_id FROM account_balance b
                     WHERE NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = b.account_id)""");
             PreparedStatement movements = c.prepareStatement("""
                     SELECT m.account_id, m.sequence_number FROM account_movement m
                     WHERE NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = m.account_id)""")) {
            try (ResultSet rs = balances.executeQuery()) {
                while (rs.next()) {
                    problem("account_balance row " + rs.getString(1) + " exists, but there are no events for that account");
                }
            }
            try (ResultSet rs = movements.executeQuery()) {
                while (rs.next()) {
                    problem("account_movement row (" + rs.getString(1) + ", " + rs.getLong(2) + ") exists, but there are no events for that account");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the ledger read models: " + e.getMessage(), e);
        }
    }
}
