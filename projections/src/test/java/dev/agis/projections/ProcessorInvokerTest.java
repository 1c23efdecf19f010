package dev.agis.projections;

import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessorInvokerTest {

    /** A group that replays (it has a reset handler). */
    static class Replaying {
        final List<String> seen = new ArrayList<>();

        @EventHandler
        void on(String event) {
            seen.add(event);
        }

        @ResetHandler
        void reset() {
            seen.clear();
        }
    }

    /** A group that never replays. */
    @DisallowReplay
    static class Live {
        final List<String> seen = new ArrayList<>();

        @EventHandler
        void on(String event) {
            seen.add(event);
        }
    }

    final Replaying replaying = new Replaying();
    final Live live = new Live();
    final List<Segment> released = new ArrayList<>();
    final EventHandlerInvoker invoker = ProcessorInvoker.of(new MultiEventHandlerInvoker(
            SimpleEventHandlerInvoker.builder().eventHandlers(replaying).build(),
            new SimpleEventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(live)) {
                @Override
                public void segmentReleased(Segment segment) {
                    released.add(segment);
                }
            }));

    @Test
    void aLiveEventGoesToEveryGroupAndAReplayedOneOnlyToGroupsThatReplay() throws Exception {
        EventMessage<String> liveEvent = tracked("live", false);
        EventMessage<String> replayed = tracked("replayed", true);

        assertThat(invoker.canHandle(liveEvent, Segment.ROOT_SEGMENT)).isTrue();
        assertThat(invoker.canHandle(replayed, Segment.ROOT_SEGMENT)).isTrue();
        invoker.handle(liveEvent, Segment.ROOT_SEGMENT);
        invoker.handle(replayed, Segment.ROOT_SEGMENT);

        assertThat(replaying.seen).containsExactly("live", "replayed");
        assertThat(live.seen).containsExactly("live");
    }

    @Test
    void aReplayedEventNoGroupReplaysIsNotHandled() {
        EventHandlerInvoker liveOnly = ProcessorInvoker.of(new MultiEventHandlerInvoker(
                SimpleEventHandlerInvoker.builder().eventHandlers(new Live()).build()));

        assertThat(liveOnly.canHandle(tracked("replayed", true), Segment.ROOT_SEGMENT)).isFalse();
    }

    @Test
    void aReleasedSegmentReachesEachGroupsInvoker() {
        Segment segment = Segment.splitBalanced(Segment.ROOT_SEGMENT, 1).get(1);

        invoker.segmentReleased(segment);

        assertThat(released).containsExactly(segment);
    }

    private static EventMessage<String> tracked(String payload, boolean replay) {
        GlobalSequenceTrackingToken position = new GlobalSequenceTrackingToken(5);
        return new GenericTrackedEventMessage<>(replay ? ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10), position) : position,
                GenericEventMessage.asEventMessage(payload));
    }
}
