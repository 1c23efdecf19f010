package dev.agis.cli.deadletters;

import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.common.Actor;
import dev.agis.projections.ProcessorSettings;
import dev.agis.projections.deadletter.DeadLetterCounts;
import dev.agis.projections.deadletter.DeadLetterSettings;
import dev.agis.projections.deadletter.ParkAfterRetries;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code agis dead-letters} does, on the application's dead-letter queues (one per processing
 * group, ADR 0053): lists letters, retries sequences with the application's own handlers, evicts a
 * sequence's first letter, and records every retry and eviction in {@code dead_letter_action}.
 * A processor is named by its processor name or by the name of one of its processing groups.
 */
public final class DeadLetterDesk {

    /** One letter. {@code position} 0 is the letter that failed; the others wait behind it. */
    public record Letter(String processor, String group, String sequence, int position, String eventType, String eventId,
                         Long aggregateSequence, Instant enqueuedAt, Instant lastTouched, String cause, int attempts,
                         String state) {
    }

    /** A sequence's outcome in a retry: cleared (every letter handled) or still held, with the first letter's cause. */
    public record Retried(String processor, String group, String sequence, boolean cleared, String cause) {
    }

    /** The letter an eviction removed. */
    public record Evicted(String processor, String group, String sequence, String eventType, String eventId,
                          Long aggregateSequence, boolean moneyEvent, long stillWaiting) {
    }

    /** A line of {@code dead_letter_action}. */
    public record Action(long id, Instant at, String operator, String action, String group, String sequence, String eventType,
                         String eventId, Long aggregateSequence, boolean moneyEvent, String reason, String outcome) {
    }

    /** Refused: the letter is a ledger movement and the operator did not accept that the ledger will differ. */
    public static final class MoneyEventRefused extends RuntimeException {
        public MoneyEventRefused(String message) {
            super(message);
        }
    }

    private final EventProcessingConfiguration processing;
    private final DeadLetterCounts counts;
    private final DeadLetterSettings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public DeadLetterDesk(ApplicationContext ctx) {
        this.processing = ctx.getBean(EventProcessingConfiguration.class);
        this.counts = ctx.getBean(DeadLetterCounts.class);
        this.settings = ctx.getBean(ProcessorSettings.class).deadLetters();
        this.jdbc = ctx.getBean(JdbcClient.class);
        this.transactions = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
    }

    /** Whether {@code name} names a processor, a processing group one of them runs (letters or not), or a group with letters. */
    public boolean known(String name) {
        return processing.eventProcessors().containsKey(name) || processing.eventProcessorByProcessingGroup(name).isPresent()
                || counts.byGroup().containsKey(name);
    }

    public Set<String> processors() {
        return processing.eventProcessors().keySet();
    }

    public List<Letter> list(String processor) {
        List<Letter> rows = new ArrayList<>();
        for (String group : groups(processor)) {
            queue(group).ifPresent(queue -> {
                for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                    int position = 0;
                    for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                        rows.add(letter(group, letter, position++));
                    }
                }
            });
        }
        return rows;
    }

    /** Retries every held sequence (or the one named) of the processor (or of all), each as many times as asked. */
    public List<Retried> retry(String processor, String sequence, Actor operator, String reason) {
        List<Retried> results = new ArrayList<>();
        for (String group : groups(processor)) {
            Optional<SequencedDeadLetterProcessor<EventMessage<?>>> letters = processing.sequencedDeadLetterProcessor(group);
            if (letters.isEmpty()) {
                continue;
            }
            for (String s : sequences(group, sequence)) {
                // handled in order by the application's handlers: the first letter, then those behind it
                letters.get().process(l -> sequenceOf(group, l.message()).equals(s));
                Optional<DeadLetter<? extends EventMessage<?>>> head = head(group, s);
                Retried retried = new Retried(processorOf(group), group, s, head.isEmpty(),
                        head.flatMap(DeadLetter::cause).map(c -> c.type() + ": " + c.message()).orElse(null));
                record(operator, "RETRY", group, s, null, reason, retried.cleared() ? "cleared"
                        : "still held: " + (retried.cause() == null ? "claimed by another instance" : retried.cause()));
                results.add(retried);
            }
        }
        return results;
    }

    /**
     * Removes the first letter of a held sequence, so the letters behind it are handled at the next
     * retry. A ledger movement is refused unless {@code ledgerWillDiffer}: the read models would then
     * miss it, and {@code agis audit verify} reports the difference and this eviction.
     */
    public List<Evicted> evict(String processor, String sequence, Actor operator, String reason, boolean ledgerWillDiffer) {
        List<Evicted> evicted = new ArrayList<>();
        for (String group : groups(processor)) {
            Optional<DeadLetter<? extends EventMessage<?>>> head = head(group, sequence);
            if (head.isEmpty()) {
                continue;
            }
            EventMessage<?> event = head.get().message();
            boolean money = event.getPayload() instanceof Movement;
            if (money && !ledgerWillDiffer) {
                throw new MoneyEventRefused(event.getPayloadType().getSimpleName() + " of " + sequence + " in " + group
                        + " is a ledger movement: evicting it leaves the ledger's read models without it");
            }
            transactions.executeWithoutResult(tx -> {
                queue(group).orElseThrow().evict(head.get());
                record(operator, "EVICT", group, sequence, head.get(), reason, "evicted");
            });
            evicted.add(new Evicted(processorOf(group), group, sequence, event.getPayloadType().getName(), event.getIdentifier(),
                    aggregateSequence(event), money, queue(group).orElseThrow().sequenceSize(sequence)));
        }
        return evicted;
    }

    public List<Action> actions(String processor) {
        Set<String> groups = processor == null ? null : groupsOfProcessorEver(processor);
        return jdbc.sql("""
                        SELECT id, at, operator, action, processing_group, sequence_identifier, event_type, event_identifier,
                               sequence_number, money_event, reason, outcome
                        FROM dead_letter_action ORDER BY id""")
                .query((rs, n) -> new Action(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("operator"), rs.getString("action"), rs.getString("processing_group"),
                        rs.getString("sequence_identifier"), rs.getString("event_type"), rs.getString("event_identifier"),
                        rs.getObject("sequence_number", Long.class), rs.getBoolean("money_event"), rs.getString("reason"),
                        rs.getString("outcome")))
                .list().stream().filter(a -> groups == null || groups.contains(a.group())).toList();
    }

    private Set<String> groupsOfProcessorEver(String processor) {
        Set<String> groups = new LinkedHashSet<>(jdbc.sql("SELECT DISTINCT processing_group FROM dead_letter_action")
                .query(String.class).list());
        groups.removeIf(g -> !g.equals(processor) && !processor.equals(processorOf(g)));
        return groups;
    }

    private void record(Actor operator, String action, String group, String sequence, DeadLetter<? extends EventMessage<?>> letter,
                        String reason, String outcome) {
        EventMessage<?> event = letter == null ? null : letter.message();
        jdbc.sql("""
                        INSERT INTO dead_letter_action (at, operator, action, processing_group, sequence_identifier, event_identifier,
                                                        event_type, sequence_number, money_event, reason, outcome)
                        VALUES (:at, :operator, :action, :group, :sequence, :eventId, :eventType, :seq, :money, :reason, :outcome)""")
                .param("at", OffsetDateTime.now(ZoneOffset.UTC))
                .param("operator", operator.value())
                .param("action", action)
                .param("group", group)
                .param("sequence", sequence)
                .param("eventId", event == null ? null : event.getIdentifier())
                .param("eventType", event == null ? null : event.getPayloadType().getName())
                .param("seq", event == null ? null : aggregateSequence(event))
                .param("money", event != null && event.getPayload() instanceof Movement)
                .param("reason", reason)
                .param("outcome", outcome)
                .update();
    }

    /** Groups with letters, of the named processor (or group), or all. */
    private List<String> groups(String processor) {
        return counts.byGroup().keySet().stream()
                .filter(g -> processor == null || g.equals(processor) || processor.equals(processorOf(g)))
                .toList();
    }

    private List<String> sequences(String group, String only) {
        Set<String> sequences = new LinkedHashSet<>();
        queue(group).ifPresent(q -> q.deadLetters().forEach(sequence -> {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                sequences.add(sequenceOf(group, letter.message()));
                break;
            }
        }));
        return sequences.stream().filter(s -> only == null || s.equals(only)).toList();
    }

    private Optional<DeadLetter<? extends EventMessage<?>>> head(String group, String sequence) {
        return queue(group).flatMap(q -> {
            for (DeadLetter<? extends EventMessage<?>> letter : q.deadLetterSequence(sequence)) {
                return Optional.of(letter);
            }
            return Optional.empty();
        });
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String group) {
        return processing.deadLetterQueue(group);
    }

    /** The sequence the queue keys the event by: the group's sequencing policy decides. */
    private String sequenceOf(String group, EventMessage<?> event) {
        return ParkAfterRetries.sequence(processing.sequencingPolicy(group), event);
    }

    private String processorOf(String group) {
        return counts.processorOf(group);
    }

    private Letter letter(String group, DeadLetter<? extends EventMessage<?>> letter, int position) {
        EventMessage<?> event = letter.message();
        int attempts = ParkAfterRetries.attempts(letter);
        String state = position > 0 ? "WAITING" : ParkAfterRetries.parked(letter, settings) ? "PARKED" : "RETRYING";
        return new Letter(processorOf(group), group, sequenceOf(group, event), position, event.getPayloadType().getName(),
                event.getIdentifier(), aggregateSequence(event), letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(c -> c.type() + ": " + c.message()).orElse(null), attempts, state);
    }

    private static Long aggregateSequence(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
    }
}
