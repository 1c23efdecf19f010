package dev.agis.cli;

import dev.agis.domain.common.Actor;

/** Who runs a command, for the audit trails: {@code operator:<name>}. */
public final class Operators {

    private Operators() {
    }

    /** The given name (an {@code --operator} option), else the login name, reduced to what an actor id allows. */
    public static Actor actor(String given) {
        String name = (given != null ? given : System.getProperty("user.name", "")).replaceAll("[^A-Za-z0-9._-]", "");
        return Actor.operator(name.isEmpty() ? "cli" : name.length() > 64 ? name.substring(0, 64) : name);
    }
}
