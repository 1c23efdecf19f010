package dev.agis.command.subscription;

/** Payload of the persistent deadline at the end of a subscription period. */
public record PeriodEnd(int generation, int period) {

    public static final String DEADLINE = "subscription-period-end";
}
