package dev.agis.app.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentCommands.ExposureOutcome;
import dev.agis.domain.experiment.ExperimentCommands.RecordExposure;
import dev.agis.domain.experiment.ExperimentCommands.StartExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StopExperiment;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.FindAssignment;
import dev.agis.domain.experiment.ExperimentQueries.FindExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.PlayerAssignment;
import dev.agis.domain.experiment.ExperimentQueries.VariantResult;
import dev.agis.domain.experiment.RewardMultiplierQuery.FindRewardMultiplier;
import dev.agis.domain.experiment.RewardMultiplierQuery.RewardMultiplier;
import dev.agis.domain.experiment.VariantSpec;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Experiments end to end: commands → aggregates → PostgreSQL → registry and results projection →
 * queries and HTTP. Reward experiments are global (one may run), so the reward flow is one test.
 */
class ExperimentFlowIT extends AbstractIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventStore eventStore;
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final Actor admin = Actor.admin("4242");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private ExperimentKey createReward(String prefix) {
        ExperimentKey key = ExperimentKey.of(unique(prefix));
        commands.sendAndWait(new CreateExperiment(key, "Reward boost", "1.5x pays off", List.of(
                new VariantSpec("control", 1, "{\"reward.multiplier\": 1}"),
                new VariantSpec("boost", 1, "{\"reward.multiplier\": 1.5}")), "control", 100,
                ExperimentMetric.GC_PER_PLAYER, null, admin));
        return key;
    }

    private String errorCode(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return Failures.domainError(e).map(DomainErrorDetails::code).orElseThrow(() -> e);
        }
        throw new AssertionError("expected a domain error");
    }

    private void adReward(String player, long amount, String transactionId) {
        commands.sendAndWait(new CreditAccount(AccountId.user(player), Credits.of(amount), MovementReason.AD_REWARD,
                transactionId, Actor.system("ayet"), "conversion:" + transactionId));
    }

    private ExperimentResults results(ExperimentKey key) {
        return queries.query(new FindExperimentResults(key), ResponseTypes.instanceOf(ExperimentResults.class)).join();
    }

    /** A real key with read:analytics, made on first use. */
    private String analyst;

    private HttpResponse<String> get(String path) throws Exception {
        if (analyst == null) {
            analyst = TestApiKeys.create(commands, "4243", TestApiKeys.GENEROUS_RATE, ApiScope.READ_ANALYTICS);
        }
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + analyst)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rewardExperimentServesMultipliersRecordsExposuresOnceAndAttributesAdRewards() throws Exception {
        ExperimentKey key = createReward("rwd");
        String other = unique("rwx");
        ExperimentKey second = createReward("rwy");
        commands.sendAndWait(new StartExperiment(key, admin));
        List<String> players = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            players.add(unique("p"));
        }
        try {
            // only one reward experiment runs
            assertThat(errorCode(() -> commands.sendAndWait(new StartExperiment(second, admin))))
                    .isEqualTo("REWARD_EXPERIMENT_ALREADY_RUNNING");

            Map<String, String> variantOf = players.stream().collect(Collectors.toMap(Function.identity(), p ->
                    queries.query(new FindAssignment(key, PlayerId.of(p)), ResponseTypes.instanceOf(PlayerAssignment.class)).join().variant()));
            for (String p : players) {
                RewardMultiplier m = queries.query(new FindRewardMultiplier(PlayerId.of(p)), ResponseTypes.instanceOf(RewardMultiplier.class)).join();
                assertThat(m.experimentKey()).isEqualTo(key.value());
                assertThat(m.variant()).isEqualTo(variantOf.get(p));
                assertThat(m.multiplier()).isEqualByComparingTo(variantOf.get(p).equals("boost") ? new BigDecimal("1.5") : BigDecimal.ONE);
                // served twice: still one exposure
                queries.query(new FindRewardMultiplier(PlayerId.of(p)), ResponseTypes.instanceOf(RewardMultiplier.class)).join();
                // the exposure is recorded on another thread (bounded wait); it must end up exactly once
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(eventStore.readEvents("exposure:" + key.value() + ":" + p).asStream().count()).isEqualTo(1));
            }

            // rewards: the first two players convert (one twice plus a duplicate callback), a stranger is not exposed
            adReward(players.get(0), 100, unique("tx"));
            String repeated = unique("tx");
            adReward(players.get(1), 40, repeated);
            adReward(players.get(1), 40, repeated);
            adReward(players.get(1), 60, unique("tx"));
            adReward(other, 500, unique("tx"));
            commands.sendAndWait(new CreditAccount(AccountId.user(players.get(2)), Credits.of(999), MovementReason.ADMIN_GRANT,
                    unique("grant"), admin, "not a conversion"));

            long expectedSumSquares = 100L * 100 + 100L * 100; // player 0: 100 GC, player 1: 40 + 60 GC
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ExperimentResults r = results(key);
                assertThat(r.players()).isEqualTo(12);
                assertThat(r.variants().stream().mapToLong(VariantResult::converters).sum()).isEqualTo(2);
                assertThat(r.variants().stream().mapToLong(VariantResult::conversions).sum()).isEqualTo(3);
                assertThat(r.variants().stream().mapToLong(VariantResult::gcTotal).sum()).isEqualTo(200);
                assertThat(r.variants().stream().map(ExperimentFlowIT::sumOfSquares).reduce(0.0, Double::sum))
                        .isCloseTo(expectedSumSquares, org.assertj.core.api.Assertions.within(1e-6));
            });
            ExperimentResults r = results(key);
            for (VariantResult v : r.variants()) {
                long expectedPlayers = variantOf.values().stream().filter(v.name()::equals).count();
                assertThat(v.players()).isEqualTo(expectedPlayers);
                assertThat(v.control()).isEqualTo(v.name().equals("control"));
                assertThat(v.conversionVsControl() == null).isEqualTo(v.control());
            }
            assertThat(r.variants().stream().filter(v -> v.name().equals(variantOf.get(players.get(0)))).findFirst().orElseThrow().gcTotal())
                    .isGreaterThanOrEqualTo(100);
            assertThat(r.sampleRatio().degreesOfFreedom()).isEqualTo(1);

            // over HTTP
            HttpResponse<String> response = get("/api/v1/experiments/" + key.value() + "/results");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("players").asLong()).isEqualTo(12);
            assertThat(body.path("variants")).hasSize(2);
            assertThat(body.path("sampleRatio").path("degreesOfFreedom").asInt()).isEqualTo(1);
        } finally {
            commands.sendAndWait(new StopExperiment(key, admin));
        }

        // after the stop: nothing is attributed any more, no multiplier is served, exposures are refused
        adReward(players.get(0), 1000, unique("tx"));
        assertThat(queries.query(new FindRewardMultiplier(PlayerId.of(unique("p"))), ResponseTypes.instanceOf(RewardMultiplier.class)).join())
                .isEqualTo(RewardMultiplier.NONE);
        assertThat(errorCode(() -> commands.sendAndWait(new RecordExposure(key, PlayerId.of(unique("p")))))).isEqualTo("EXPERIMENT_NOT_RUNNING");
        // the second reward experiment may start now, and is stopped again for other tests
        commands.sendAndWait(new StartExperiment(second, admin));
        commands.sendAndWait(new StopExperiment(second, admin));
        // one segment, global order: once the later stop of `second` is projected, the late reward was too
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM experiment_tracking WHERE experiment_key = :k AND NOT tracking")
                .param("k", second.value()).query(Long.class).single() == 1);
        assertThat(results(key).variants().stream().mapToLong(VariantResult::gcTotal).sum()).isEqualTo(200);
    }

    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    @Test
    void aReplayOfTheResultsProjectionRebuildsTheSameResults() {
        ExperimentKey key = ExperimentKey.of(unique("rp"));
        commands.sendAndWait(new CreateExperiment(key, "Replay", null, List.of(
                new VariantSpec("a", 1, null), new VariantSpec("b", 1, null)), "a", 100, ExperimentMetric.CONVERSION_RATE, null, admin));
        commands.sendAndWait(new StartExperiment(key, admin));
        List<String> players = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String p = unique("p");
            players.add(p);
            commands.sendAndWait(new RecordExposure(key, PlayerId.of(p)));
        }
        adReward(players.get(0), 25, unique("tx"));
        adReward(players.get(0), 75, unique("tx"));
        adReward(players.get(3), 10, unique("tx"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(results(key).variants().stream().mapToLong(VariantResult::gcTotal).sum()).isEqualTo(110));
        // a reward after the stop is not attributed, also when the replay sees the stop and the reward in one batch
        commands.sendAndWait(new StopExperiment(key, admin));
        adReward(players.get(3), 500, unique("tx"));
        ExperimentKey marker = ExperimentKey.of(unique("rm"));
        commands.sendAndWait(new CreateExperiment(marker, "Marker", null, List.of(
                new VariantSpec("a", 1, null), new VariantSpec("b", 1, null)), "a", 100, ExperimentMetric.CONVERSION_RATE, null, admin));
        commands.sendAndWait(new StartExperiment(marker, admin));
        commands.sendAndWait(new RecordExposure(marker, PlayerId.of(unique("p"))));
        // the one-segment processor handles events in order: the marker's exposure means the late reward was seen
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(results(marker).players()).isEqualTo(1));
        ExperimentResults before = results(key);
        assertThat(before.variants().stream().mapToLong(VariantResult::gcTotal).sum()).isEqualTo(110);

        org.axonframework.eventhandling.StreamingEventProcessor processor = processing
                .eventProcessor("experiment-results", org.axonframework.eventhandling.StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(results(marker).players()).isEqualTo(1);
            assertThat(results(key)).isEqualTo(before);
        });
        commands.sendAndWait(new StopExperiment(marker, admin));
    }

    @Test
    void concurrentFirstExposuresOfOnePlayerRecordOneEvent() throws Exception {
        ExperimentKey key = ExperimentKey.of(unique("cx"));
        commands.sendAndWait(new CreateExperiment(key, "Concurrency", null, List.of(
                new VariantSpec("a", 1, null), new VariantSpec("b", 1, null)), "a", 100, ExperimentMetric.CONVERSION_RATE, null, admin));
        commands.sendAndWait(new StartExperiment(key, admin));
        String player = unique("p");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ExposureOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(pool.submit((Callable<ExposureOutcome>) () -> {
                start.await();
                return commands.sendAndWait(new RecordExposure(key, PlayerId.of(player)));
            }));
        }
        start.countDown();
        List<ExposureOutcome> outcomes = new ArrayList<>();
        for (Future<ExposureOutcome> f : futures) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).extracting(ExposureOutcome::variant).containsOnly(outcomes.get(0).variant());
        assertThat(outcomes).filteredOn(o -> !o.duplicate()).hasSize(1);
        assertThat(eventStore.readEvents("exposure:" + key.value() + ":" + player).asStream().count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(results(key).players()).isEqualTo(1));
        commands.sendAndWait(new StopExperiment(key, admin));
    }

    @Test
    void httpAnswersClearErrorsAndAdminCommandsNeedTheAdminScope() throws Exception {
        HttpResponse<String> missing = get("/api/v1/experiments/" + unique("nx"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).path("code").asText()).isEqualTo("EXPERIMENT_NOT_FOUND");

        HttpResponse<String> badKey = get("/api/v1/experiments/Not%20A%20Key/results");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badKey.body()).path("code").asText()).isEqualTo("INVALID_KEY");

        HttpResponse<String> create = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/experiments"))
                .header("Authorization", "Bearer " + analyst).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + unique("h") + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(json.readTree(create.body()).path("code").asText()).isEqualTo("INSUFFICIENT_SCOPE");

        ExperimentKey key = ExperimentKey.of(unique("hl"));
        commands.sendAndWait(new CreateExperiment(key, "Listed", null, List.of(
                new VariantSpec("a", 1, "{\"color\": \"red\"}"), new VariantSpec("b", 2, null)), "a", 30, ExperimentMetric.CONVERSION_RATE, 0.1, admin));
        HttpResponse<String> detail = get("/api/v1/experiments/" + key.value());
        assertThat(detail.statusCode()).isEqualTo(200);
        JsonNode view = json.readTree(detail.body());
        assertThat(view.path("status").asText()).isEqualTo("DRAFT");
        assertThat(view.path("trafficPercent").asInt()).isEqualTo(30);
        assertThat(view.path("variants").get(0).path("config").asText()).isEqualTo("{\"color\":\"red\"}");
        HttpResponse<String> list = get("/api/v1/experiments?status=DRAFT");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(key.value());
        HttpResponse<String> empty = get("/api/v1/experiments/" + key.value() + "/results");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json.readTree(empty.body()).path("sampleRatio").path("mismatch").asBoolean()).isFalse();
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/experiments/"
                        + key.value() + "/start")).header("Authorization", "Bearer " + analyst).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(json.readTree(start.body()).path("code").asText()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(json.readTree(get("/api/v1/experiments/" + key.value()).body()).path("status").asText()).isEqualTo("DRAFT");

        String adminKey = TestApiKeys.create(commands, "4242", TestApiKeys.GENEROUS_RATE, ApiScope.ADMIN);
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/experiments/"
                        + key.value() + "/start")).header("Authorization", "Bearer " + adminKey).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(json.readTree(started.body()).path("status").asText()).isEqualTo("RUNNING");
        commands.sendAndWait(new StopExperiment(key, admin));
    }

    /** Σx² of a variant's GC values, recovered from its mean and sample standard deviation. */
    private static double sumOfSquares(VariantResult v) {
        return v.gcStdDev() * v.gcStdDev() * (v.players() - 1) + v.gcPerPlayer() * v.gcPerPlayer() * v.players();
    }
}
