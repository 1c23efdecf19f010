package dev.agis.command.support;

import org.axonframework.common.Registration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.SubscribableMessageSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The message source of a subscribing processor that hands it only the events its handlers take.
 * A subscribing processor runs on the command's thread, inside its transaction, and Axon gives it a
 * unit of work, a transaction join, a span and a monitor report for every published batch, even one
 * it has no handler for: seven of them did that for every ledger command, though only the ledger
 * keys' handler writes anything (issue 15). What a processor would have ignored it now never sees;
 * what it handles reaches it unchanged, in the same transaction.
 */
public final class HandledEventsOnly implements SubscribableMessageSource<EventMessage<?>> {

    private final SubscribableMessageSource<EventMessage<?>> source;
    private final Supplier<EventHandlerInvoker> handlers;
    /** Payload type → whether the processor's handlers take it; the handlers are fixed once the processor runs. */
    private final Map<Class<?>, Boolean> handled = new ConcurrentHashMap<>();

    HandledEventsOnly(SubscribableMessageSource<EventMessage<?>> source, Supplier<EventHandlerInvoker> handlers) {
        this.source = source;
        this.handlers = handlers;
    }

    /** For {@code registerSubscribingEventProcessor(processor, HandledEventsOnly.of(processor))}. */
    public static Function<Configuration, SubscribableMessageSource<? extends EventMessage<?>>> of(String processor) {
        return config -> new HandledEventsOnly(config.eventBus(), () -> config.eventProcessingConfiguration()
                .eventProcessor(processor, AbstractEventProcessor.class).orElseThrow().eventHandlerInvoker());
    }

    private boolean handles(Class<?> payloadType) {
        return handled.computeIfAbsent(payloadType, type -> handlers.get().canHandleType(type));
    }

    @Override
    public Registration subscribe(Consumer<List<? extends EventMessage<?>>> processor) {
        return source.subscribe(events -> {
            List<EventMessage<?>> handled = new ArrayList<>(events.size());
            for (EventMessage<?> event : events) {
                if (handles(event.getPayloadType())) {
                    handled.add(event);
                }
            }
            if (!handled.isEmpty()) {
                processor.accept(handled);
            }
        });
    }
}
