package dev.agis.domain.account;

/** The kinds of movement the ledger records; one per movement event type. */
public enum MovementKind {
    CREDIT, DEBIT, TRANSFER_OUT, HOLD, CAPTURE, RELEASE
}
