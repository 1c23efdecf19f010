package dev.agis.app.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.cli.InProcessAgis;
import dev.agis.app.health.EventProcessorsHealthIndicator;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.projections.BatchSplittingProcessor;
import dev.agis.projections.deadletter.InjectedLedgerFault;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.agis.app.cli.InProcessAgis.agis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison event parks its own aggregate's sequence, not the processor (issue 18, ADR 0053): faults
 * injected for one account only, while everything else keeps flowing; operators list, retry and
 * evict with {@code agis dead-letters}, and the ledger verifies afterwards.
 */
@TestPropertySource(properties = {DeadLetterIT.RETRIES, DeadLetterIT.FIRST_RETRY, DeadLetterIT.MAX_RETRY, DeadLetterIT.CHECK})
class DeadLetterIT extends AbstractIntegrationTest {

    // two quick retries, then parked; the in-process CLI contexts get the same through system properties
    static final String RETRIES = "agis.processors.dead-letters.retries=2";
    static final String FIRST_RETRY = "agis.processors.dead-letters.first-retry-after=PT0.3S";
    static final String MAX_RETRY = "agis.processors.dead-letters.max-retry-after=PT0.6S";
    static final String CHECK = "agis.processors.dead-letters.check-every=PT0.2S";

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessorsHealthIndicator processorsHealth;
    @Autowired
    MeterRegistry meters;
    @Autowired
    EventProcessingConfiguration processing;

    private final Actor actor = Actor.system("test");

    @BeforeAll
    static void sameSettingsForTheCli() {
        for (String property : List.of(RETRIES, FIRST_RETRY, MAX_RETRY, CHECK)) {
            String[] kv = property.split("=", 2);
            System.setProperty(kv[0], kv[1]);
        }
    }

    @AfterAll
    static void clearSettings() {
        for (String property : List.of(RETRIES, FIRST_RETRY, MAX_RETRY, CHECK)) {
            System.clearProperty(property.split("=", 2)[0]);
        }
    }

    @AfterEach
    void noFaultOrLetterOutlivesItsTest() {
        InjectedLedgerFault.FAILING.clear();
        InjectedTransferFault.FAILING.clear();
        if (jdbc.sql("SELECT count(*) FROM dead_letter_entry").query(Long.class).single() > 0) {
            agis("dead-letters", "retry", "--reason", "test clean-up");
        }
    }

    private static AccountId newAccount() {
        return AccountId.user("dl" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    private void credit(AccountId id, long amount, String key) {
        commands.sendAndWait(new CreditAccount(id, Credits.of(amount), MovementReason.ADMIN_GRANT, key, actor, "test"));
    }

    /** The ledger read model's balance, or null while it has no row. */
    private Long balanceRow(AccountId id) {
        return jdbc.sql("SELECT balance FROM account_balance WHERE account_id = ?").param(id.value()).query(Long.class)
                .optional().orElse(null);
    }

    private List<JsonNode> letters(String processor, AccountId sequence) throws Exception {
        InProcessAgis.Run run = agis("dead-letters", "list", "--processor", processor, "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> of = new ArrayList<>();
        JSON.readTree(run.out()).forEach(l -> {
            if (l.get("sequence").asText().equals(sequence.value())) {
                of.add(l);
            }
        });
        return of;
    }

    private String transferIdOf(AccountId from) {
        return eventStore.readEvents(from.value()).asStream().map(m -> m.getPayload())
                .filter(TransferSent.class::isInstance).map(p -> ((TransferSent) p).transferId()).reduce((a, b) -> b).orElseThrow();
    }

    private long transferInCredits(AccountId to, String transferId) {
        return jdbc.sql("SELECT count(*) FROM account_movement WHERE account_id = ? AND idempotency_key = ?")
                .param(to.value()).param("transfer/" + transferId).query(Long.class).single();
    }

    @Test
    void aFaultInOneAccountParksItsEventsInOrderWhileOthersFlowAndRetryAfterTheFixCatchesUp() throws Exception {
        AccountId faulty = newAccount();
        AccountId other = newAccount();
        AccountId receiver = newAccount();
        String player = "dl" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        credit(faulty, 100, "fund");
        await().atMost(WAIT).until(() -> Long.valueOf(100).equals(balanceRow(faulty)));

        InjectedLedgerFault.FAILING.put(faulty, 2L); // its events after the funding
        // the ledger waits while the events below are stored, so the poison event shares its batch with the others'
        BatchSplittingProcessor ledger = processing.eventProcessor("ledger", BatchSplittingProcessor.class).orElseThrow();
        long splitBefore = ledger.batchesSplit();
        ledger.shutDown();
        credit(faulty, 10, "later-1");
        commands.sendAndWait(new DebitAccount(faulty, Credits.of(5), MovementReason.SERVER_COST, "later-2", actor, "server:x"));
        credit(faulty, 7, "later-3");
        // everyone else, meanwhile: a credit, a transfer (the transfers process manager) and a conversion reward
        credit(other, 50, "fund");
        commands.sendAndWait(new TransferCredits(other, receiver, Credits.of(20), "pay", actor));
        String tx = "dl-" + player;
        commands.sendAndWait(new RecordConversion(ConversionId.ayet(tx), tx, PlayerId.of(player), "offerwall", new BigDecimal("100"),
                RewardFactors.NONE, true, Map.of()));
        ledger.start();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(balanceRow(other)).isEqualTo(30);
            assertThat(balanceRow(receiver)).isEqualTo(20);
            assertThat(balanceRow(AccountId.user(PlayerId.of(player)))).isPositive();
        });
        // the faulty account's three later movements wait, in their order, behind the first; it failed and is parked
        await().atMost(WAIT).untilAsserted(() -> {
            List<JsonNode> held = letters("ledger", faulty);
            assertThat(held).extracting(l -> l.get("aggregateSequence").asLong()).containsExactly(2L, 3L, 4L);
            assertThat(held).extracting(l -> l.get("position").asInt()).containsExactly(0, 1, 2);
            assertThat(held.get(0).get("state").asText()).isEqualTo("PARKED");
            assertThat(held.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(held.get(0).get("cause").asText()).contains("division by zero");
            assertThat(held.get(0).get("eventType").asText()).endsWith("AccountCredited");
            assertThat(held.get(1).get("state").asText()).isEqualTo("WAITING");
        });
        assertThat(balanceRow(faulty)).isEqualTo(100);
        assertThat(ledger.batchesSplit()).as("the poison event failed a batch of several, which was split").isGreaterThan(splitBefore);
        assertThat(InjectedTransferFault.PARKED).anySatisfy(p -> {
            assertThat(p.processingGroup()).isEqualTo("ledger");
            assertThat(p.sequenceIdentifier()).isEqualTo(faulty.value());
            assertThat(p.attempts()).isEqualTo(3);
        });
        // the rest works: readiness stays UP, and the metrics count the letters and their age
        assertThat(processorsHealth.health().getStatus()).isEqualTo(Status.UP);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(meters.get("agis_dead_letters").tag("processor", "ledger").gauge().value()).isGreaterThanOrEqualTo(3);
            assertThat(meters.get("agis_dead_letters_oldest_seconds").tag("processor", "ledger").gauge().value()).isGreaterThanOrEqualTo(0);
        });
        InProcessAgis.Run table = agis("dead-letters", "list");
        assertThat(table.out()).contains("PARKED", "WAITING", faulty.value(), "AccountEvents.AccountCredited", "division by zero");
        assertThat(agis("dead-letters", "list", "--processor", "no-such-processor").exit()).isEqualTo(2);

        // still broken: a retry reports the sequence as held and keeps it
        InProcessAgis.Run early = agis("dead-letters", "retry", "--processor", "ledger", "--sequence", faulty.value());
        assertThat(early.exit()).isEqualTo(1);
        assertThat(early.out()).contains("still held", "division by zero");
        assertThat(letters("ledger", faulty)).hasSize(3);

        InjectedLedgerFault.FAILING.remove(faulty);
        InProcessAgis.Run retry = agis("dead-letters", "retry", "--processor", "ledger", "--sequence", faulty.value(),
                "--operator", "bob", "--reason", "fault fixed");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("cleared");

        assertThat(letters("ledger", faulty)).isEmpty();
        assertThat(balanceRow(faulty)).isEqualTo(112);
        InProcessAgis.Run verify = agis("audit", "verify");
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(agis("dead-letters", "actions", "--processor", "ledger").out())
                .contains("operator:bob", "RETRY", faulty.value(), "fault fixed", "cleared");
    }

    @Test
    void aParkedTransferRetriedAfterItsCreditWentOutMovesTheMoneyOnce() throws Exception {
        AccountId from = newAccount();
        AccountId to = newAccount();
        credit(from, 100, "fund");
        InjectedTransferFault.FAILING.add(from);
        commands.sendAndWait(new TransferCredits(from, to, Credits.of(30), "pay-once", actor));
        String transferId = transferIdOf(from);
        // the money processor sequences a transfer by the account its credit locks: the destination (ADR 0051)
        await().atMost(WAIT).untilAsserted(() -> assertThat(letters("transfers", to)).singleElement()
                .satisfies(l -> assertThat(l.get("state").asText()).isEqualTo("PARKED")));

        // as if the first attempt's credit had gone out before the failure: the very command the process manager sends
        commands.sendAndWait(new CreditAccount(to, Credits.of(30), MovementReason.TRANSFER_IN, "transfer/" + transferId, actor,
                "transfer:" + transferId + " from " + from));
        InjectedTransferFault.FAILING.remove(from);
        InProcessAgis.Run retry = agis("dead-letters", "retry", "--processor", "transfers");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();

        assertThat(letters("transfers", to)).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(balanceRow(to)).isEqualTo(30));
        assertThat(transferInCredits(to, transferId)).isEqualTo(1);
        assertThat(agis("audit", "verify").exit()).isZero();
    }

    @Test
    void evictingALedgerMovementNeedsConfirmationAndTheFlagIsRecordedAndVerifyReportsIt() throws Exception {
        AccountId from = newAccount();
        AccountId to = newAccount();
        credit(from, 100, "fund");
        InjectedTransferFault.FAILING.add(from);
        commands.sendAndWait(new TransferCredits(from, to, Credits.of(40), "pay-evicted", actor));
        String transferId = transferIdOf(from);
        await().atMost(WAIT).until(() -> letters("transfers", to).size() == 1);
        String[] evict = {"dead-letters", "evict", "--processor", "transfers", "--sequence", to.value(), "--reason", "bad transfer"};

        InProcessAgis.Run unconfirmed = withStdin("not the sequence\n", () -> agis(evict));
        assertThat(unconfirmed.exit()).isEqualTo(1);
        InProcessAgis.Run refused = agis(concat(evict, "--yes"));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("ledger movement", "--i-understand-the-ledger-will-differ");
        assertThat(agis("dead-letters", "evict", "--processor", "transfers", "--sequence", to.value()).exit()).isEqualTo(2);
        assertThat(letters("transfers", to)).hasSize(1);

        InProcessAgis.Run evicted = withStdin(to.value() + "\n",
                () -> agis(concat(evict, "--i-understand-the-ledger-will-differ", "--operator", "alice")));
        assertThat(evicted.exit()).as(evicted.err()).isZero();
        assertThat(evicted.out()).contains("Evicted", "TransferSent", "agis audit verify");
        assertThat(letters("transfers", to)).isEmpty();
        assertThat(agis("dead-letters", "actions").out()).contains("operator:alice", "EVICT", to.value(), "bad transfer",
                "[ledger movement]");

        // the credit never comes: verify names the lost transfer and the eviction that explains it
        InjectedTransferFault.FAILING.remove(from);
        InProcessAgis.Run verify = agis("audit", "verify", "--in-flight-grace", "PT0S");
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("transfer " + transferId, "evicted from transfers by operator:alice", "bad transfer");

        // the runbook's repair: complete the transfer by hand with its own key
        commands.sendAndWait(new CreditAccount(to, Credits.of(40), MovementReason.TRANSFER_IN, "transfer/" + transferId, actor,
                "transfer:" + transferId + " from " + from));
        await().atMost(WAIT).untilAsserted(() -> assertThat(balanceRow(to)).isEqualTo(40));
        InProcessAgis.Run repaired = agis("audit", "verify", "--in-flight-grace", "PT0S");
        assertThat(repaired.exit()).as(repaired.out()).isZero();
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static InProcessAgis.Run withStdin(String input, Supplier<InProcessAgis.Run> command) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(original);
        }
    }
}
