package dev.agis.projections;

import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;

import java.util.List;

/**
 * The invoker of a streaming processor: Axon's {@link MultiEventHandlerInvoker} (one delegate per
 * processing group), with two differences.
 * <ul>
 *   <li>A released segment is passed on to each group's invoker, which Axon's does not do: a
 *       dead-letter invoker's cache of the sequences it holds letters for would otherwise outlive the
 *       claim, and miss letters another instance queued while it owned the segment.</li>
 *   <li>Whether each group supports a reset is asked once. Axon's asks for every event, every
 *       segment and every group (a walk over all the group's handlers) before it offers an event to
 *       a segment; with eight segments and four groups, that was the money processor's coordinator's
 *       largest cost.</li>
 * </ul>
 */
final class ProcessorInvoker extends MultiEventHandlerInvoker {

    private final List<EventHandlerInvoker> groups;
    private final boolean[] supportsReset;

    private ProcessorInvoker(List<EventHandlerInvoker> groups) {
        super(groups);
        this.groups = delegates();
        this.supportsReset = new boolean[this.groups.size()];
        for (int i = 0; i < supportsReset.length; i++) {
            supportsReset[i] = this.groups.get(i).supportsReset();
        }
    }

    /** The processor's invoker for the one Axon's configuration built ({@code invoker} itself if it has no groups). */
    static EventHandlerInvoker of(EventHandlerInvoker invoker) {
        return invoker instanceof MultiEventHandlerInvoker multi ? new ProcessorInvoker(multi.delegates()) : invoker;
    }

    @Override
    public boolean canHandle(EventMessage<?> event, Segment segment) {
        boolean replay = ReplayToken.isReplay(event);
        for (int i = 0; i < supportsReset.length; i++) {
            if ((supportsReset[i] || !replay) && groups.get(i).canHandle(event, segment)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void handle(EventMessage<?> event, Segment segment) throws Exception {
        boolean replay = ReplayToken.isReplay(event);
        for (int i = 0; i < supportsReset.length; i++) {
            EventHandlerInvoker group = groups.get(i);
            if ((supportsReset[i] || !replay) && group.canHandle(event, segment)) {
                group.handle(event, segment);
            }
        }
    }

    @Override
    public void segmentReleased(Segment segment) {
        groups.forEach(group -> group.segmentReleased(segment));
    }
}
