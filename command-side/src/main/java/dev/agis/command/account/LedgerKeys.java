package dev.agis.command.account;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementOutcome;

import java.util.Optional;

/**
 * The idempotency keys every account has used, with the first outcome of each. Written in the same
 * transaction as the movement events (see {@link LedgerKeyRecorder}), read by the {@link Account}
 * while it holds the aggregate lock.
 */
public interface LedgerKeys {

    Optional<MovementOutcome> find(AccountId account, String idempotencyKey);
}
