package dev.agis.command.support;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Axon's embedded event store, except for how it finds the events of an aggregate that the current
 * unit of work applied but has not stored yet. Axon gathers every event queued in the unit of work
 * and its parents, checking each against the list gathered so far, whenever an aggregate is loaded:
 * quadratic in the events of the root unit of work. An inbox batch of 500 ayeT callbacks loads 500
 * aggregates in one root unit of work holding up to a thousand events, and that search was half of
 * the inbox worker's CPU. This keeps each unit of work's queued events indexed by aggregate: the
 * same events, in the same order (root first, a rolled-back unit of work's left out, each once).
 */
public class StagedEventsEventStore extends EmbeddedEventStore {

    /** The unit-of-work resource under which Axon's event bus queues a unit of work's events. */
    private final String eventsKey = String.valueOf(this) + "_EVENTS";
    /** The resource under which this store keeps a unit of work's queued events by aggregate. */
    private final String indexKey = eventsKey + ".byAggregate";

    public StagedEventsEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected Stream<? extends DomainEventMessage<?>> stagedDomainEventMessages(String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Stream.empty();
        }
        Deque<UnitOfWork<?>> rootFirst = new ArrayDeque<>();
        for (UnitOfWork<?> u = CurrentUnitOfWork.get(); u != null; u = u.parent().orElse(null)) {
            rootFirst.push(u);
        }
        Set<DomainEventMessage<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<DomainEventMessage<?>> staged = new ArrayList<>();
        for (UnitOfWork<?> unitOfWork : rootFirst) {
            List<EventMessage<?>> queued = unitOfWork.isRolledBack() ? null : unitOfWork.getOrDefaultResource(eventsKey, null);
            if (queued == null) {
                continue;
            }
            ByAggregate index = unitOfWork.getOrComputeResource(indexKey, k -> new ByAggregate(queued));
            if (index.queued != queued) {
                index = new ByAggregate(queued);
                unitOfWork.resources().put(indexKey, index);
            }
            for (DomainEventMessage<?> event : index.of(aggregateIdentifier)) {
                if (seen.add(event)) {
                    staged.add(event);
                }
            }
        }
        return staged.stream();
    }

    /**
     * A unit of work's queued events by aggregate. Axon's event bus only ever appends to a unit of
     * work's queue (published events, then those of committed nested units of work), so the index
     * catches up with what was appended since it last looked.
     */
    private static final class ByAggregate {
        final List<EventMessage<?>> queued;
        final Map<String, List<DomainEventMessage<?>>> events = new HashMap<>();
        int indexed;

        ByAggregate(List<EventMessage<?>> queued) {
            this.queued = queued;
        }

        List<DomainEventMessage<?>> of(String aggregateIdentifier) {
            for (; indexed < queued.size(); indexed++) {
                if (queued.get(indexed) instanceof DomainEventMessage<?> event) {
                    events.computeIfAbsent(event.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
                }
            }
            return events.getOrDefault(aggregateIdentifier, List.of());
        }
    }
}
