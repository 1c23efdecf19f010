package dev.agis.cli;

/** The exit codes every {@code agis} command documents. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The command ran and found a problem (e.g. a failed check). */
    public static final int PROBLEM = 1;
    /** Bad usage: picocli answers its own parse errors with this code too. */
    public static final int USAGE = 2;
    public static final int UNEXPECTED = 3;

    private ExitCodes() {
    }
}
