package dev.agis.command.support;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StagedEventsEventStoreTest {

    @Test
    void anAggregateLoadedInANestedUnitOfWorkSeesTheSameStagedEventsAsWithAxonsStore() {
        List<List<String>> ours = stagedOfA(new StagedEventsEventStore(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine())));
        List<List<String>> axons = stagedOfA(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build());

        assertThat(ours).containsExactly(List.of("A/0", "A/1", "A/2"), List.of("A/0", "A/1", "A/2", "A/3")).isEqualTo(axons);
    }

    @Test
    void outsideAUnitOfWorkNothingIsStaged() {
        EventStore store = new StagedEventsEventStore(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()));

        assertThat(store.readEvents("A").asStream()).isEmpty();
    }

    /**
     * A root unit of work with events of A and B; a nested one that committed (its events joined the
     * root's), one that rolled back, and the current one: what {@code readEvents("A")} finds, and
     * finds again after more events were queued.
     */
    private static List<List<String>> stagedOfA(EventStore store) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        try {
            store.publish(event("A", 0), event("B", 0));
            UnitOfWork<?> committed = DefaultUnitOfWork.startAndGet(null);
            store.publish(event("A", 1), event("B", 1));
            committed.commit();
            UnitOfWork<?> rolledBack = DefaultUnitOfWork.startAndGet(null);
            store.publish(event("A", 9));
            rolledBack.rollback();
            UnitOfWork<?> current = DefaultUnitOfWork.startAndGet(null);
            try {
                store.publish(event("A", 2));
                List<String> first = staged(store, "A");
                store.publish(event("B", 2), event("A", 3));
                return List.of(first, staged(store, "A"));
            } finally {
                current.rollback();
            }
        } finally {
            root.rollback();
        }
    }

    private static List<String> staged(EventStore store, String aggregate) {
        return store.readEvents(aggregate).asStream().map(e -> e.getAggregateIdentifier() + "/" + e.getSequenceNumber()).toList();
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, aggregate + sequence);
    }
}
