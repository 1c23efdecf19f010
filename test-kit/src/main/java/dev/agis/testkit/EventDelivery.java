package dev.agis.testkit;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Hands an event to an event handler component the way a streaming processor does, through
 * Axon's annotation adapter: so a test sees the {@code @EventHandler} wiring and the
 * {@code @DisallowReplay} behaviour, not only the handler method.
 */
public final class EventDelivery {

    private EventDelivery() {
    }

    /** Delivers the event as a processor reading new events does. */
    public static void live(Object component, Object event) throws Exception {
        deliver(component, event, new GlobalSequenceTrackingToken(1));
    }

    /** Delivers the event as a processor replaying after a reset does (its token was at 10, it is back at 1). */
    public static void replay(Object component, Object event) throws Exception {
        deliver(component, event, ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(1)));
    }

    private static void deliver(Object component, Object event, TrackingToken token) throws Exception {
        new AnnotationEventHandlerAdapter(component).handle(new GenericTrackedEventMessage<>(token, GenericEventMessage.asEventMessage(event)));
    }
}
