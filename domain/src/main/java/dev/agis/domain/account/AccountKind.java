package dev.agis.domain.account;

/** A player's wallet or a guild's treasury. */
public enum AccountKind {
    USER, GUILD
}
