package dev.agis.command.subscription;

/**
 * Payload of the persistent deadline at the end of a subscription period. Stored deadlines name
 * this class; its former name {@code PeriodEnd} is still read (see the serializer's renamed types).
 */
public record SubscriptionPeriodEnd(int generation, int period) {

    public static final String DEADLINE = "subscription-period-end";
}
