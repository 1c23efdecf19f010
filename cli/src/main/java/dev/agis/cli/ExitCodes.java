package dev.agis.cli;

/** The exit codes every {@code agis} command documents. */
public final class ExitCodes {

    /** The command ran and found a problem (e.g. a failed check). 0 is success, 2 bad usage (picocli's own). */
    public static final int PROBLEM = 1;
    public static final int UNEXPECTED = 3;

    private ExitCodes() {
    }
}
