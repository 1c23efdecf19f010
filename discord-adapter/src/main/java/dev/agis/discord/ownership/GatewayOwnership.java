package dev.agis.discord.ownership;

/**
 * Which instance holds the Discord gateway session. Discord delivers each interaction to one of the
 * sessions of a bot, and every session would register the commands; so exactly one instance
 * connects: the owner. An implementation competes from {@link #start()}, calls the connect action
 * when it becomes the owner and the disconnect action when it stops being one, and gives the
 * ownership up on {@link #stop()} so another instance takes over quickly. Two variants
 * (docs/discord.md): a PostgreSQL advisory lock (default) and a Kubernetes Lease.
 */
public interface GatewayOwnership {

    /** Begins to compete for the gateway; returns at once. */
    void start();

    /** Gives the gateway up if held and stops competing (shutdown). */
    void stop();

    /** Whether this instance holds the gateway now. */
    boolean owner();
}
