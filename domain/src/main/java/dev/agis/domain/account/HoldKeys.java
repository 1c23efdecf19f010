package dev.agis.domain.account;

/**
 * Idempotency keys of hold movements. A hold is placed once under {@code hold/<id>} and resolved
 * once under {@code hold/<id>/resolved}: capture and release share that key, so a hold can
 * never be both captured and released.
 */
public final class HoldKeys {
    private HoldKeys() {
    }

    public static String place(String holdId) {
        return "hold/" + holdId;
    }

    public static String resolve(String holdId) {
        return "hold/" + holdId + "/resolved";
    }
}
