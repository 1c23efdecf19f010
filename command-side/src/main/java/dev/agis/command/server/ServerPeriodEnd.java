package dev.agis.command.server;

/**
 * Payload of a server's period-end deadline. Stored deadlines name this class; its former name
 * {@code GameServer.PeriodEnd} is still read (see the serializer's renamed types).
 */
public record ServerPeriodEnd(int period) {
}
