package dev.agis.app.deadletter;

import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.operations.DeadLetterParked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only fault in the {@code transfers} process manager's group: transfers sent by an account in
 * {@link #FAILING} fail before the process manager credits the destination. Present in every context
 * of the test JVM (component scan); static so that the fault and its fix reach all of them. Also
 * keeps the {@link DeadLetterParked} announcements the application publishes.
 */
@Component
@DisallowReplay // like the process manager it shares a group with: `agis replay` must not take the group for a projection
@ProcessingGroup("transfers")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InjectedTransferFault {

    public static final Set<AccountId> FAILING = ConcurrentHashMap.newKeySet();
    public static final List<DeadLetterParked> PARKED = new CopyOnWriteArrayList<>();

    @EventHandler
    void on(TransferSent e) {
        if (FAILING.contains(e.accountId())) {
            throw new IllegalStateException("injected fault for transfers from " + e.accountId().value());
        }
    }

    @EventListener
    void on(DeadLetterParked parked) {
        PARKED.add(parked);
    }
}
