package dev.agis.command.server;

/** Payload of a server's grace-end deadline: the unpaid period whose grace ends. */
public record ServerGraceEnd(int period) {
}
