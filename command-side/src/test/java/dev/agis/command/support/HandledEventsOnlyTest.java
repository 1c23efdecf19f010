package dev.agis.command.support;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscribing processor behind {@link HandledEventsOnly} gets the events it handles, unchanged, and no unit of work for the rest. */
class HandledEventsOnlyTest {

    final List<Object> handled = new ArrayList<>();
    /** The payloads the processor's units of work were started for. */
    final List<Object> seen = new ArrayList<>();

    class Handler {
        @EventHandler
        void on(CharSequence text) {
            handled.add(text);
        }
    }

    @Test
    void onlyEventsWithAHandlerReachTheProcessorAndBatchesWithoutAnyNever() {
        SimpleEventBus bus = SimpleEventBus.builder().build();
        SubscribingEventProcessor[] processor = new SubscribingEventProcessor[1];
        processor[0] = SubscribingEventProcessor.builder()
                .name("texts")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Handler()).build())
                .messageSource(new HandledEventsOnly(bus, () -> processor[0].eventHandlerInvoker()))
                .build();
        processor[0].registerHandlerInterceptor((unitOfWork, chain) -> {
            seen.add(unitOfWork.getMessage().getPayload());
            return chain.proceed();
        });
        processor[0].start();

        bus.publish(GenericEventMessage.asEventMessage(42), GenericEventMessage.asEventMessage("a"), GenericEventMessage.asEventMessage(7L));
        bus.publish(GenericEventMessage.asEventMessage(43));
        bus.publish(GenericEventMessage.asEventMessage(new StringBuilder("b")));

        assertThat(handled).map(Object::toString).containsExactly("a", "b");
        assertThat(seen).map(Object::toString).containsExactly("a", "b");
    }
}
