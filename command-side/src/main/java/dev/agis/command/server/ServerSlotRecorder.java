package dev.agis.command.server;

import dev.agis.command.support.HandledEventsOnly;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerStopped;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Frees a concurrent-server slot when a server stops holding one. A subscribing processor: it
 * runs in the command's own transaction, so the state change and the slot change commit together.
 */
@Component
@ProcessingGroup(ServerSlotRecorder.GROUP)
public class ServerSlotRecorder {

    public static final String GROUP = "server-slots";

    private final ServerSlots slots;

    public ServerSlotRecorder(ServerSlots slots) {
        this.slots = slots;
    }

    @Bean
    static ConfigurerModule serverSlotsSubscribing() {
        return configurer -> configurer.eventProcessing(ep -> ep.registerSubscribingEventProcessor(GROUP, HandledEventsOnly.of(GROUP)));
    }

    @EventHandler
    void on(ServerStopped e) {
        slots.release(e.serverId());
    }

    @EventHandler
    void on(ServerTerminated e) {
        slots.release(e.serverId());
    }

    @EventHandler
    void on(ServerCrashed e) {
        slots.release(e.serverId());
    }

    @EventHandler
    void on(ServerAllocationFailed e) {
        slots.release(e.serverId());
    }
}
