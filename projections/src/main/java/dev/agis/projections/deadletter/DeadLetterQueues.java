package dev.agis.projections.deadletter;

import dev.agis.projections.ProcessorSettings;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.function.Predicate;

/**
 * A sequenced dead-letter queue in PostgreSQL ({@code dead_letter_entry}, Flyway V70) for every
 * processing group of a streaming processor, whichever processor runs it: Axon asks for one per
 * group, so grouping handlers into fewer processors changes nothing here (ADR 0053). Sequences are
 * Axon's default, the aggregate: a failing event holds back only its own aggregate's later events.
 */
@Component
public class DeadLetterQueues {

    /** Axon's dead-letter table with the snake_case names of the other Axon tables. */
    public static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    private final ConnectionProvider connections;
    private final TransactionManager transactions;
    private final DeadLetterSettings settings;
    private final ApplicationEventPublisher events;

    public DeadLetterQueues(ConnectionProvider connections, TransactionManager transactions, ProcessorSettings settings,
                            ApplicationEventPublisher events) {
        this.connections = connections;
        this.transactions = transactions;
        this.settings = settings.deadLetters();
        this.events = events;
    }

    /**
     * The configuration that gives every processing group for which {@code deadLettered} holds a
     * queue and the {@link ParkAfterRetries} policy. Groups of subscribing processors must be left
     * out: their handlers run inside the command's transaction, where a failure has to fail the
     * command. Ordered after Axon's own provider module (order 0), which would otherwise replace ours
     * with queues only for the processors named in {@code axon.eventhandling.processors.*.dlq}.
     */
    public ConfigurerModule module(Predicate<String> deadLettered) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.eventProcessing(processing -> register(processing, deadLettered));
            }

            @Override
            public int order() {
                return 1;
            }
        };
    }

    private void register(EventProcessingConfigurer processing, Predicate<String> deadLettered) {
        processing.registerDeadLetterQueueProvider(group -> {
            if (!deadLettered.test(group)) {
                return null;
            }
            // Axon asks for the queue of each group before it builds the group's invoker, which reads
            // the group's policy: the one moment the group's name is known to both
            processing.registerDeadLetterPolicy(group,
                    c -> new ParkAfterRetries(group, settings, events, c.eventProcessingConfiguration().sequencingPolicy(group)));
            // the segment's owner remembers which sequences it holds letters for, instead of asking the
            // database for every event (only the owner of a segment adds letters to its sequences)
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(group, (c, invoker) -> invoker.enableSequenceIdentifierCache());
            return config -> new RedeliveryTolerantQueue(queue(group, config));
        });
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group, Configuration config) {
        return JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(SCHEMA)
                .genericSerializer(config.serializer())
                .eventSerializer(config.eventSerializer())
                .build();
    }
}
