package dev.agis.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.PlaceHold;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agis.app.cli.InProcessAgis.agis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator CLI end to end, in-process against the test's embedded PostgreSQL (the commands
 * attach to the running server like they do to a running AGIS): point-in-time accounts, history
 * formats, ledger verification (and that it names a corrupted row), and replay with its guard rail.
 */
class OperatorCliIT extends AbstractIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    DataSource dataSource;
    @Autowired
    Serializer serializer;

    private final Actor actor = Actor.system("test");
    private final ObjectMapper json = new ObjectMapper();

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Waits a little so the next event is stored with a later millisecond than the instant taken now. */
    private static Instant instantBetweenEvents() throws InterruptedException {
        Thread.sleep(15);
        Instant at = Instant.now();
        Thread.sleep(15);
        return at;
    }

    private void awaitProjectionOf(AccountId id, long balance) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT balance FROM account_balance WHERE account_id = :id")
                .param("id", id.value()).query(Long.class).optional().orElse(Long.MIN_VALUE) == balance);
    }

    /** A digest of every row of the ledger read models, in a fixed order. */
    private String readModelChecksum() {
        return jdbc.sql("""
                SELECT md5(coalesce((SELECT string_agg(concat_ws('|', account_id, kind, balance, held, movements, last_sequence, opened_at, updated_at),
                                                       ',' ORDER BY account_id) FROM account_balance), '')
                        || coalesce((SELECT string_agg(concat_ws('|', account_id, sequence_number, kind, reason, amount, balance_after,
                                                                 held_after, idempotency_key, actor, counterpart, occurred_at),
                                                       ',' ORDER BY account_id, sequence_number) FROM account_movement), ''))""")
                .query(String.class).single();
    }

    @Test
    void auditsAnAccountAtSeveralInstantsVerifiesTheLedgerAndReplaysTheProjection() throws Exception {
        AccountId player = AccountId.user("cli" + suffix());
        AccountId guild = AccountId.guild("cli" + suffix());

        commands.sendAndWait(new CreditAccount(player, Credits.of(100), MovementReason.AD_REWARD, "conv-1", Actor.system("ayet"), "conversion:ayet:1"));
        Instant afterCredit = instantBetweenEvents();
        commands.sendAndWait(new PlaceHold(player, "h1", Credits.of(40), MovementReason.SERVER_COST, actor, "server:1"));
        commands.sendAndWait(new DebitAccount(player, Credits.of(10), MovementReason.SERVER_COST, "srv-1/1", actor, "server:1"));
        Instant withOpenHold = instantBetweenEvents();
        commands.sendAndWait(new ReleaseHold(player, "h1", actor, "allocation failed"));
        commands.sendAndWait(new PlaceHold(player, "h2", Credits.of(20), MovementReason.SERVER_COST, actor, "server:2"));
        commands.sendAndWait(new CaptureHold(player, "h2", actor));
        commands.sendAndWait(new TransferCredits(player, guild, Credits.of(30), "contribute-1", Actor.user(player.ownerId())));
        commands.sendAndWait(new DebitAccount(player, Credits.of(100), MovementReason.CHARGEBACK, "r-conv-1", Actor.system("ayet"), "conversion:ayet:r-1"));
        Instant atTheEnd = instantBetweenEvents();

        // point in time, from events alone
        JsonNode first = json.readTree(agis("audit", "account", player.value(), "--at", afterCredit.toString(), "--format", "json").out());
        assertThat(first.get("balance").asLong()).isEqualTo(100);
        assertThat(first.get("held").asLong()).isZero();
        JsonNode middle = json.readTree(agis("audit", "account", player.value(), "--at", withOpenHold.toString(), "--format", "json").out());
        assertThat(middle.get("balance").asLong()).isEqualTo(90);
        assertThat(middle.get("held").asLong()).isEqualTo(40);
        assertThat(middle.get("available").asLong()).isEqualTo(50);
        assertThat(middle.get("openHolds")).singleElement().satisfies(h -> assertThat(h.get("holdId").asText()).isEqualTo("h1"));
        InProcessAgis.Run end = agis("audit", "account", player.value(), "--at", atTheEnd.toString(), "--format", "json");
        assertThat(end.exit()).isZero();
        JsonNode last = json.readTree(end.out());
        assertThat(last.get("balance").asLong()).isEqualTo(90 - 20 - 30 - 100); // in debt after the chargeback
        assertThat(last.get("held").asLong()).isZero();
        assertThat(last.get("openHolds")).isEmpty();
        assertThat(last.get("movements")).hasSize(8);
        assertThat(last.get("problems")).isEmpty();
        InProcessAgis.Run table = agis("audit", "account", player.value());
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("balance -60 GC", "CHARGEBACK", "TRANSFER_OUT");

        // history: every event from sequence 0, with metadata and payload, in three formats
        InProcessAgis.Run history = agis("audit", "history", player.value(), "--format", "json");
        assertThat(history.exit()).isZero();
        JsonNode events = json.readTree(history.out());
        assertThat(events).hasSize(9);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("sequence").asLong()).isEqualTo(i);
            types.add(events.get(i).get("type").asText());
        }
        assertThat(types).containsExactly("AccountOpened", "AccountCredited", "HoldPlaced", "AccountDebited", "HoldReleased",
                "HoldPlaced", "HoldCaptured", "TransferSent", "AccountDebited");
        assertThat(events.get(1).get("actor").asText()).isEqualTo("system:ayet");
        assertThat(events.get(1).get("metaData").has("correlationId")).isTrue();
        assertThat(events.get(1).get("payload").get("amount").asLong()).isEqualTo(100);
        InProcessAgis.Run csv = agis("audit", "history", player.value(), "--format", "csv");
        String[] lines = csv.out().split("\r\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).isEqualTo("sequence,time,type,actor,correlation_id,trace_id,event_id,payload");
        assertThat(agis("audit", "history", player.value()).out()).contains("TransferSent", "user:" + player.ownerId());

        // bad input: clear error, exit codes as documented
        assertThat(agis("audit", "account", "account:nobody").exit()).isEqualTo(2);
        assertThat(agis("audit", "account", player.value(), "--at", "yesterday").exit()).isEqualTo(2);
        InProcessAgis.Run unknown = agis("audit", "history", "account:user:never" + suffix());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no events");

        // a counterpart with the characters COPY's text format escapes (replay loads movements with COPY)
        AccountId odd = AccountId.user("cli" + suffix());
        commands.sendAndWait(new CreditAccount(odd, Credits.of(7), MovementReason.AD_REWARD, "odd-1", Actor.system("ayet"),
                "conversion:ayet:tab\tback\\slash\nnew line\rü \\N"));

        // verify: passes once the projections caught up, fails naming a corrupted row
        awaitProjectionOf(odd, 7);
        awaitProjectionOf(guild, 30);
        awaitProjectionOf(player, -60);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            InProcessAgis.Run verify = agis("audit", "verify");
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        });
        InProcessAgis.Run ok = agis("audit", "verify");
        assertThat(ok.out()).contains("OK:");

        String liveTables = readModelChecksum();

        jdbc.sql("UPDATE account_balance SET balance = balance + 5 WHERE account_id = :id").param("id", player.value()).update();
        jdbc.sql("UPDATE account_movement SET amount = 999 WHERE account_id = :id AND sequence_number = 1").param("id", guild.value()).update();
        InProcessAgis.Run broken = agis("audit", "verify");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("FAILED: 2 problem(s)", "account_balance row " + player.value() + " differs",
                "account_movement row (" + guild.value() + ", 1) differs");

        // replay: refused while this instance holds the ledger processor's claims
        InProcessAgis.Run refused = agis("replay", "ledger", "--no-progress");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("is being processed by a running AGIS instance");
        assertThat(agis("replay", "no-such-projection").exit()).isEqualTo(2);

        // the documented procedure: stop the projections here, replay, start them again
        List<EventProcessor> projections = processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor).toList();
        projections.forEach(EventProcessor::shutDown);
        try {
            InProcessAgis.Run replay = agis("replay", "--all", "--no-progress");
            assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
            assertThat(replay.out()).contains("ledger: replayed", "OK:").doesNotContain("transfers: replayed");
            assertThat(readModelChecksum()).as("rebuilt read models equal the live ones, row for row").isEqualTo(liveTables);
            // tiny sizes: several read chunks per transaction (balances written once per transaction) and many transactions
            InProcessAgis.Run chunked = agis("replay", "--all", "--no-progress", "--fetch-size", "3", "--batch-size", "7");
            assertThat(chunked.exit()).as(chunked.out() + chunked.err()).isZero();
            assertThat(chunked.out()).contains("OK:");
        } finally {
            projections.forEach(EventProcessor::start);
        }
        assertThat(readModelChecksum()).as("rebuilt read models equal the live ones, row for row").isEqualTo(liveTables);
        Map<String, Object> repaired = jdbc.sql("SELECT balance FROM account_balance WHERE account_id = :id")
                .param("id", player.value()).query().singleRow();
        assertThat(repaired.get("balance")).isEqualTo(-60L);
        assertThat(agis("audit", "verify").exit()).isZero();
    }

    /**
     * An append still in flight when the replay starts (its global index below the head, committed
     * after the replay read past it) is not lost: the replay's tokens list it as a gap, and the live
     * processor that continues from them delivers it.
     */
    @Test
    void anAppendStillInFlightDuringAReplayReachesTheProjectionAfterwards() throws Exception {
        AccountId late = AccountId.user("late" + suffix());
        AccountId other = AccountId.user("other" + suffix());
        commands.sendAndWait(new CreditAccount(late, Credits.of(10), MovementReason.AD_REWARD, "l-1", actor, "conversion:ayet:l-1"));
        awaitProjectionOf(late, 10);

        List<EventProcessor> projections = processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor).toList();
        try (Connection inFlight = dataSource.getConnection()) {
            inFlight.setAutoCommit(false);
            // takes its global index now, commits only after the replay
            AccountCredited credit = new AccountCredited(late, Credits.of(5), Credits.of(15), Credits.of(0), MovementReason.AD_REWARD,
                    "l-2", actor, "conversion:ayet:l-2", Instant.now());
            SerializedObject<byte[]> payload = serializer.serialize(credit, byte[].class);
            SerializedObject<byte[]> metaData = serializer.serialize(MetaData.emptyInstance(), byte[].class);
            String type = jdbc.sql("SELECT type FROM domain_event_entry WHERE aggregate_identifier = :id LIMIT 1")
                    .param("id", late.value()).query(String.class).single();
            try (PreparedStatement ps = inFlight.prepareStatement("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,
                                                    payload_revision, payload_type, time_stamp)
                    VALUES (?, 2, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, late.value());
                ps.setString(2, type);
                ps.setString(3, UUID.randomUUID().toString());
                ps.setBytes(4, metaData.getData());
                ps.setBytes(5, payload.getData());
                ps.setString(6, payload.getType().getRevision());
                ps.setString(7, payload.getType().getName());
                ps.setString(8, DateTimeUtils.formatInstant(Instant.now()));
                ps.executeUpdate();
            }
            // a committed event above it: the head of the store is past the gap
            commands.sendAndWait(new CreditAccount(other, Credits.of(3), MovementReason.AD_REWARD, "o-1", actor, "conversion:ayet:o-1"));
            awaitProjectionOf(other, 3);

            projections.forEach(EventProcessor::shutDown);
            InProcessAgis.Run replay = agis("replay", "--all", "--no-progress");
            assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
            assertThat(jdbc.sql("SELECT balance FROM account_balance WHERE account_id = :id").param("id", late.value())
                    .query(Long.class).single()).as("the in-flight credit is not visible to the replay").isEqualTo(10L);
            inFlight.commit();
        } finally {
            projections.forEach(EventProcessor::start);
        }
        awaitProjectionOf(late, 15);
        assertThat(jdbc.sql("SELECT count(*) FROM account_movement WHERE account_id = :id").param("id", late.value())
                .query(Long.class).single()).isEqualTo(2L);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            InProcessAgis.Run verify = agis("audit", "verify");
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        });
    }
}
