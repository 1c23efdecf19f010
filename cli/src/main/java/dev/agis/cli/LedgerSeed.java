package dev.agis.cli;

import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.AccountOpened;
import dev.agis.domain.account.AccountEvents.HoldCaptured;
import dev.agis.domain.account.AccountEvents.HoldPlaced;
import dev.agis.domain.account.AccountEvents.HoldReleased;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code agis bench seed-ledger}: fills the event store quickly with realistic, valid account
 * histories (opened, credits, debits, holds captured or released, chargebacks that may leave debt)
 * for replay and verification benchmarks. Appends through Axon's event storage engine in large
 * transactions together with the idempotency keys the command side would have recorded, so the
 * seeded accounts behave like any other afterwards. Transfers are left out: the transfer process
 * would re-drive each one through the command bus when AGIS next runs.
 */
@Command(name = "seed-ledger", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        description = {"Appends valid ledger histories to the event store (for replay/verify benchmarks).",
                "Appends directly to the event store of the configured database (creates bench accounts only) and prints",
                "the append rate. The live projections then catch up when AGIS runs, or use 'agis replay --all'."})
public class LedgerSeed implements Callable<Integer> {

    private final CliContexts contexts;

    public LedgerSeed(CliContexts contexts) {
        this.contexts = contexts;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "1000000", description = "Events to append (approximately; whole rounds). Default: ${DEFAULT-VALUE}")
    long events;

    @Option(names = "--accounts", defaultValue = "10000", description = "Accounts to spread them over. Default: ${DEFAULT-VALUE}")
    int accounts;

    @Option(names = "--batch", defaultValue = "5000", description = "Events per transaction. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--no-vacuum", description = {"Leave the tables as written, not vacuumed (like a freshly restored store,",
            "e.g. to measure how 'agis replay' copes with one)."})
    boolean noVacuum;

    @Override
    public Integer call() {
        if (events < 1 || accounts < 1 || batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events, --accounts and --batch must be ≥ 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigurableApplicationContext ctx = contexts.application("agis.processors.max-claimed-segments=0")) {
            EventStorageEngine engine = ctx.getBean(EventStorageEngine.class);
            TransactionManager tx = ctx.getBean(TransactionManager.class);
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                streams.add(new Stream(AccountId.user("seed" + run + "x" + i), new SplittableRandom(i * 31L + run.hashCode())));
            }
            out.printf("agis bench seed-ledger: %d events over %d accounts (run %s)%n", events, accounts, run);
            out.flush();
            long written = 0;
            long start = System.nanoTime();
            List<DomainEventMessage<?>> pending = new ArrayList<>(batch + accounts);
            while (written < events) {
                for (Stream s : streams) { // round-robin, so every segment of a processor has work all the time
                    pending.add(s.next());
                    if (pending.size() >= batch) {
                        written += flush(engine, tx, pending);
                        if (written >= events) {
                            break;
                        }
                    }
                }
            }
            written += flush(engine, tx, pending);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("appended %d events in %.1f s -> %.0f events/s%n", written, seconds, written / seconds);
            out.flush();
            if (!noVacuum) {
                vacuum(ctx.getBean(DataSource.class), out);
            }
            return 0;
        }
    }

    /**
     * Vacuums the tables just filled, as autovacuum would soon after on a live system: whoever reads a
     * freshly written row first otherwise pays for recording that its transaction committed (hint
     * bits, and with data checksums a full page image in the WAL for each page; see docs/performance.md).
     */
    private static void vacuum(DataSource dataSource, PrintWriter out) {
        long start = System.nanoTime();
        Vacuum.run(dataSource, "(ANALYZE) domain_event_entry, ledger_key").ifPresentOrElse(
                problem -> out.println("could not vacuum the seeded tables (autovacuum will): " + problem),
                () -> out.printf("vacuumed the seeded tables in %.1f s%n", (System.nanoTime() - start) / 1e9));
        out.flush();
    }

    private static int flush(EventStorageEngine engine, TransactionManager tx, List<DomainEventMessage<?>> pending) {
        if (pending.isEmpty()) {
            return 0;
        }
        // the store writes each movement's idempotency key with its event, as for a command
        tx.executeInTransaction(() -> engine.appendEvents(pending));
        int n = pending.size();
        pending.clear();
        return n;
    }

    /** One account's history, generated event by event and always valid. */
    private static final class Stream {
        private static final Actor ACTOR = Actor.system("seed");
        private final AccountId id;
        private final SplittableRandom random;
        private long seq;
        private long balance;
        private long held;
        private long keyCounter;
        private final Map<String, Long> openHolds = new HashMap<>();

        Stream(AccountId id, SplittableRandom random) {
            this.id = id;
            this.random = random;
        }

        DomainEventMessage<?> next() {
            Instant now = Instant.now();
            Object payload;
            if (seq == 0) {
                payload = new AccountOpened(id, AccountKind.USER, now);
            } else {
                payload = movement(now);
            }
            return new GenericDomainEventMessage<>("Account", id.value(), seq++, payload);
        }

        private Object movement(Instant now) {
            long available = balance - held;
            int dice = random.nextInt(100);
            long amount = 1 + random.nextInt(100);
            String key = "seed-" + (keyCounter++);
            if (dice < 2 && balance > 0) { // a reversed ad reward: may leave the account in debt
                balance -= amount * 3;
                return new AccountDebited(id, Credits.of(amount * 3), Credits.of(balance), Credits.of(held), MovementReason.CHARGEBACK,
                        key, Actor.system("ayet"), "conversion:ayet:r-" + key, now);
            }
            if (dice < 15 && !openHolds.isEmpty()) {
                String holdId = openHolds.keySet().iterator().next();
                long h = openHolds.remove(holdId);
                held -= h;
                if (random.nextBoolean()) {
                    balance -= h;
                    return new HoldCaptured(id, holdId, Credits.of(h), Credits.of(balance), Credits.of(held), MovementReason.SERVER_COST,
                            ACTOR, "server:" + holdId, now);
                }
                return new HoldReleased(id, holdId, Credits.of(h), Credits.of(balance), Credits.of(held), MovementReason.SERVER_COST,
                        ACTOR, "server:" + holdId, "allocation failed", now);
            }
            if (dice < 30 && available >= amount) {
                String holdId = "h" + keyCounter;
                openHolds.put(holdId, amount);
                held += amount;
                return new HoldPlaced(id, holdId, Credits.of(amount), Credits.of(balance), Credits.of(held), MovementReason.SERVER_COST,
                        ACTOR, "server:" + holdId, now);
            }
            if (dice < 60 && available >= amount) {
                balance -= amount;
                return new AccountDebited(id, Credits.of(amount), Credits.of(balance), Credits.of(held), MovementReason.SERVER_COST,
                        key, ACTOR, "server:s" + (keyCounter % 7), now);
            }
            balance += amount;
            return new AccountCredited(id, Credits.of(amount), Credits.of(balance), Credits.of(held), MovementReason.AD_REWARD,
                    key, Actor.system("ayet"), "conversion:ayet:" + key, now);
        }
    }
}
