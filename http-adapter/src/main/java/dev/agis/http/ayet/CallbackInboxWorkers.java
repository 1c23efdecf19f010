package dev.agis.http.ayet;

import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionCommands.RecordReversal;
import dev.agis.domain.conversion.ConversionOutcome;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.domain.experiment.RewardMultiplierQuery.FindRewardMultiplier;
import dev.agis.domain.experiment.RewardMultiplierQuery.RewardMultiplier;
import dev.agis.domain.subscription.PlayerTierQuery.FindPlayerTier;
import dev.agis.domain.subscription.PlayerTierQuery.PlayerTier;
import dev.agis.http.ayet.CallbackInbox.Row;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Drains the ayeT callback inbox (ADR 0050). A worker locks the due rows ({@code SKIP LOCKED}, so
 * workers of every instance take disjoint rows) and, in one root unit of work and one transaction,
 * sends each callback's {@code RecordConversion} or {@code RecordReversal} (nested: they commit
 * together) and deletes the rows. The batch is whatever the table holds: no thread hands work to
 * another. A failed batch is retried in halves down to single callbacks, so one bad callback never
 * holds up the others; one that the core refuses for good is dropped (the synchronous path answered
 * those with 400), one that fails for another reason waits {@code retry-after} and is tried again.
 *
 * <p>Exactly once: a row is deleted only in the transaction that recorded its conversion; a crash
 * before that commit leaves the row for the next worker, and the {@code Conversion} aggregate turns
 * any repeat into {@code DUPLICATE}.
 */
@Component
@ConditionalOnWebApplication
public class CallbackInboxWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallbackInboxWorkers.class);

    /** Callback parameters worth keeping for analytics and support (no device ids). */
    static final Set<String> RECORDED = Set.of("custom_1", "custom_2", "custom_3", "custom_4", "custom_5", "adslot_id",
            "placement_identifier", "offer_id", "offer_name", "payout_usd", "event_name", "callback_type",
            "chargeback_reason", "chargeback_date", "currency_identifier");
    /**
     * The recorded parameters that are personal data (free text the publisher or player filled in)
     * plus the source address: kept only for players with an {@code ads} consent (SPEC §2.2), and
     * then stored encrypted with the player's key (the events mark them {@code @PersonalData}).
     */
    static final Set<String> PERSONAL = Set.of("custom_1", "custom_2", "custom_3", "custom_4", "custom_5",
            "placement_identifier", "offer_name", "chargeback_reason", "source_ip");

    private final CallbackInbox inbox;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TransactionManager transactions;
    private final AyetProperties props;
    private final AyetMetrics metrics;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    public CallbackInboxWorkers(CallbackInbox inbox, CommandGateway commands, QueryGateway queries, TransactionManager transactions,
                                AyetProperties props, AyetMetrics metrics) {
        this.inbox = inbox;
        this.commands = commands;
        this.queries = queries;
        this.transactions = transactions;
        this.props = props;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < props.inbox().workers(); i++) {
            Thread t = new Thread(this::run, "ayet-inbox-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(LockSupport::unpark);
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A callback was just stored: an idle worker looks at once instead of at its next poll. */
    void wake() {
        threads.forEach(LockSupport::unpark);
    }

    private void run() {
        AyetProperties.Inbox settings = props.inbox();
        while (running) {
            int taken;
            try {
                taken = drainOnce();
            } catch (RuntimeException e) {
                // the database itself failed (taking rows is the only step outside a retried batch)
                log.warn("ayeT inbox: could not take callbacks, trying again in {}", settings.retryAfter(), e);
                LockSupport.parkNanos(settings.retryAfter().toNanos());
                continue;
            }
            if (taken < settings.batchSize() && running) {
                LockSupport.parkNanos(settings.pollInterval().toNanos());
            }
        }
    }

    /**
     * Takes one batch of due callbacks and handles them (a failed batch in smaller parts).
     *
     * @return the number of callbacks taken
     */
    public int drainOnce() {
        Attempt first = attempt(() -> inbox.take(props.inbox().batchSize()));
        if (first.failure() != null && first.ids().isEmpty()) {
            throw new IllegalStateException("could not take callbacks from the inbox", first.failure());
        }
        if (first.failure() != null) {
            log.info("ayeT inbox: a batch of {} failed, retrying it in parts: {}", first.ids().size(), first.failure().toString());
            retryInParts(first.ids(), first.failure());
        }
        return first.ids().size();
    }

    /** Rows taken, and what made their batch fail (null: they were handled and deleted). */
    private record Attempt(List<Long> ids, Throwable failure) {
    }

    private void retryInParts(List<Long> ids, Throwable failure) {
        if (ids.isEmpty()) {
            return; // the rows went to another worker meanwhile, or could not be taken: the next batch sees them
        }
        if (ids.size() == 1) {
            failedAlone(ids.get(0), failure);
            return;
        }
        int half = ids.size() / 2;
        for (List<Long> part : List.of(ids.subList(0, half), ids.subList(half, ids.size()))) {
            List<Long> these = List.copyOf(part);
            Attempt attempt = attempt(() -> inbox.take(these));
            if (attempt.failure() != null) {
                retryInParts(attempt.ids(), attempt.failure());
            }
        }
    }

    private void failedAlone(long id, Throwable failure) {
        var refused = Failures.domainError(failure);
        if (refused.isPresent()) {
            // the core refuses it for good and stored nothing of it; answered synchronously, it was a 400
            metrics.rejected(refused.get().code());
            inbox.delete(List.of(id));
            return;
        }
        Duration wait = Failures.isRetryableConflict(failure) ? Duration.ZERO : props.inbox().retryAfter();
        log.warn("ayeT inbox: callback {} failed, next attempt in {}", id, wait, failure);
        inbox.postpone(id, wait);
    }

    /** Takes rows and handles them in one root unit of work and transaction; on failure nothing of it remains. */
    private Attempt attempt(Supplier<List<Row>> take) {
        List<Long> ids = new ArrayList<>();
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        try {
            uow.attachTransaction(transactions);
        } catch (RuntimeException e) {
            uow.rollback(e); // no connection: leave no unit of work behind on this thread
            throw e;
        }
        ResultMessage<?> result = uow.executeWithResult(() -> {
            List<Row> rows = take.get();
            rows.forEach(r -> ids.add(r.id()));
            Batch batch = new Batch();
            List<Runnable> afterCommit = new ArrayList<>();
            for (Row row : rows) {
                afterCommit.add(batch.handle(row));
            }
            if (!ids.isEmpty()) {
                inbox.delete(ids);
            }
            uow.afterCommit(u -> afterCommit.forEach(Runnable::run));
            return null;
        });
        return new Attempt(ids, result.isExceptional() ? result.exceptionResult() : null);
    }

    /** One batch: lookups per player made once, then one command per callback. */
    private final class Batch {

        private final Map<PlayerId, Boolean> adsConsent = new HashMap<>();
        private final Map<PlayerId, RewardFactors> factors = new HashMap<>();

        /** Sends the callback's command (nested in the batch); returns what to count once the batch committed. */
        Runnable handle(Row row) {
            AyetCallback callback;
            try {
                callback = AyetCallback.of(AyetCallback.parameters(row.query(), props), props);
            } catch (AyetCallback.Malformed e) {
                // only if the limits were lowered since it was accepted: it is dropped with the batch's rows
                return () -> metrics.rejected(e.getMessage());
            }
            PlayerId player = callback.playerId();
            Map<String, String> params = callback.params();
            boolean keepPersonal = adsConsent.computeIfAbsent(player, this::consents);
            Map<String, String> details = new LinkedHashMap<>();
            params.forEach((k, v) -> {
                if (RECORDED.contains(k) && !v.isEmpty() && (keepPersonal || !PERSONAL.contains(k))) {
                    details.put(k, v);
                }
            });
            if (keepPersonal && row.source() != null && !row.source().isEmpty()) {
                details.put("source_ip", row.source());
            }
            if (callback.reversal()) {
                ConversionOutcome outcome = send(new RecordReversal(callback.conversionId(), callback.transactionId(), player,
                        callback.amount(), keepPersonal ? params.get("chargeback_reason") : null, details));
                return () -> metrics.handled(outcome, "reversal", null);
            }
            String type = props.adslotTypes().getOrDefault(params.getOrDefault("adslot_id", ""), props.defaultType());
            RewardFactors applied = factors.computeIfAbsent(player, this::factorsOf);
            ConversionOutcome outcome = send(new RecordConversion(callback.conversionId(), callback.transactionId(), player, type,
                    callback.amount(), applied, row.sourceAllowed(), details));
            return () -> metrics.handled(outcome, type, applied.tier());
        }

        private ConversionOutcome send(Object command) {
            return commands.sendAndWait(command, props.timeoutMs(), TimeUnit.MILLISECONDS);
        }

        /** Tier and experiment multipliers, resolved before the command so the aggregate stays deterministic. */
        private RewardFactors factorsOf(PlayerId player) {
            PlayerTier tier = orDefault(queries.query(new FindPlayerTier(player), PlayerTier.class), PlayerTier.FREE);
            RewardMultiplier experiment = orDefault(queries.query(new FindRewardMultiplier(player), RewardMultiplier.class),
                    RewardMultiplier.NONE);
            return new RewardFactors(tier.tier(), tier.rewardMultiplier(), experiment.multiplier(), experiment.experimentKey(),
                    experiment.variant());
        }

        /** Whether the player agreed to {@code ads}; no consent context deployed means no consent. */
        private boolean consents(PlayerId player) {
            CurrentConsent consent = orDefault(queries.query(new FindCurrentConsent(player), CurrentConsent.class),
                    new CurrentConsent(player, List.of()));
            return consent.granted(ConsentPurpose.ADS);
        }
    }

    /** A context that is not deployed (no handler) means its neutral answer; any other failure fails the batch. */
    private <T> T orDefault(CompletableFuture<T> answer, T fallback) {
        try {
            T value = answer.get(props.timeoutMs(), TimeUnit.MILLISECONDS);
            return value == null ? fallback : value;
        } catch (ExecutionException | NoHandlerForQueryException e) {
            if (Failures.isNoHandler(e)) {
                return fallback;
            }
            throw new IllegalStateException("reward factor query failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("reward factor query timed out", e);
        }
    }
}
