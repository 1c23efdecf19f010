package dev.agis.domain.account;

/**
 * Why credits moved. Credits and debits each accept only their own reasons, so the audit trail
 * never shows e.g. a "server cost" that added money.
 */
public enum MovementReason {
    // credits
    AD_REWARD(Direction.IN),
    ADMIN_GRANT(Direction.IN),
    REFUND(Direction.IN),
    TRANSFER_IN(Direction.IN),
    // debits
    SERVER_COST(Direction.OUT),
    SUBSCRIPTION(Direction.OUT),
    CHARGEBACK(Direction.OUT),
    ADMIN_DEBIT(Direction.OUT),
    TRANSFER_OUT(Direction.OUT);

    public enum Direction { IN, OUT }

    private final Direction direction;

    MovementReason(Direction direction) {
        this.direction = direction;
    }

    public Direction direction() {
        return direction;
    }

    /** Only a chargeback may push a balance below zero. */
    public boolean mayCreateDebt() {
        return this == CHARGEBACK;
    }
}
