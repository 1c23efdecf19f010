package dev.agis.domain.server;

/** Life cycle of a game server (SPEC §2.4). */
public enum ServerState {
    /** Funds for the first period are held; waiting for the fleet to allocate. */
    REQUESTED,
    /** Allocated and reachable at its address. */
    RUNNING,
    /** The fleet is replacing the game server; the paid period continues. */
    RESTARTING,
    /** Released from the fleet; can be started again (a new paid period). */
    STOPPED,
    /** The fleet lost it while it was running; unused time was refunded; can be started again. */
    CRASHED,
    /** Allocation failed; the hold was released and nothing charged. Final. */
    FAILED,
    /** Deleted by its owner. Final. */
    TERMINATED;

    public boolean isFinal() {
        return this == FAILED || this == TERMINATED;
    }

    /** Occupies one of the owner's concurrent-server slots. */
    public boolean holdsSlot() {
        return this == REQUESTED || this == RUNNING || this == RESTARTING;
    }
}
