package dev.agis.app.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.AgisApplication;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator CLI's output as scripts use it: the real command line in its own JVM (standard
 * output and standard error apart, as a shell sees them) parsed with a JSON and a CSV parser;
 * the answers at the edges of an account's time; version and completion.
 */
class OperatorCliOutputIT extends AbstractIntegrationTest {

    /** Strict: a log line before or after the document fails the parse. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final CsvMapper CSV = new CsvMapper();

    @Autowired
    CommandGateway commands;
    @Autowired
    DataSource dataSource;

    /**
     * {@code agis <args>} as an operator's script runs it: a JVM of its own on the test's database
     * (through {@code DB_URL}, as documented), in an empty working directory.
     */
    private InProcessAgis.Run agisProcess(String... args) throws Exception {
        String url;
        String user;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            url = meta.getURL();
            user = meta.getUserName();
        }
        Path dir = Files.createTempDirectory("agis-cli");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, AgisApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().put("DB_URL", url);
        builder.environment().put("DB_USER", user);
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // an external database needs the master key: the one this test's embedded server generated
        builder.environment().put("AGIS_MASTER_KEY", devMasterKey());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("agis %s finished", String.join(" ", args)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new InProcessAgis.Run(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void standardOutputOfARealProcessIsOneJsonDocumentOrRfc4180Csv() throws Exception {
        AccountId player = AccountId.user("out" + suffix());
        // characters CSV must quote: separator, quote, line break
        String counterpart = "conversion:ayet:a,b \"c\"\nd";
        commands.sendAndWait(new CreditAccount(player, Credits.of(50), MovementReason.AD_REWARD, "o-1", Actor.system("ayet"), counterpart));
        commands.sendAndWait(new DebitAccount(player, Credits.of(20), MovementReason.SERVER_COST, "o-2", Actor.system("test"), "server:1"));

        InProcessAgis.Run json = agisProcess("audit", "history", player.value(), "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode events = JSON.readTree(json.out());
        assertThat(events).hasSize(3);
        assertThat(events.get(1).get("payload").get("counterpart").asText()).isEqualTo(counterpart);

        InProcessAgis.Run csv = agisProcess("audit", "history", player.value(), "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out()).startsWith("sequence,time,type,actor,correlation_id,trace_id,event_id,payload\r\n");
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.out())) {
            rows = it.readAll();
        }
        assertThat(rows).extracting(r -> r.get("type")).containsExactly("AccountOpened", "AccountCredited", "AccountDebited");
        assertThat(rows.get(1).get("actor")).isEqualTo("system:ayet");
        assertThat(JSON.readTree(rows.get(1).get("payload")).get("counterpart").asText()).isEqualTo(counterpart);

        InProcessAgis.Run verify = agisProcess("audit", "verify", "--format", "json");
        assertThat(verify.exit()).as(verify.err()).isIn(0, 1);
        JsonNode report = JSON.readTree(verify.out());
        assertThat(report.get("ok").asBoolean()).isEqualTo(verify.exit() == 0);
        assertThat(report.get("problemCount").asLong()).isEqualTo(report.get("problems").size());
        assertThat(report.get("events").asLong()).isPositive();
    }

    @Test
    void anAccountBeforeItsFirstMovementHasBalanceZeroAndAnUnknownIdIsAnError() throws Exception {
        Instant before = Instant.now();
        Thread.sleep(15);
        AccountId player = AccountId.user("edge" + suffix());
        commands.sendAndWait(new CreditAccount(player, Credits.of(10), MovementReason.AD_REWARD, "e-1", Actor.system("ayet"), "conversion:ayet:e-1"));

        InProcessAgis.Run early = InProcessAgis.agis("audit", "account", player.value(), "--at", before.toString(), "--format", "json");
        assertThat(early.exit()).as(early.err()).isZero();
        JsonNode state = JSON.readTree(early.out());
        assertThat(state.get("balance").asLong()).isZero();
        assertThat(state.get("available").asLong()).isZero();
        assertThat(state.get("movements")).isEmpty();
        assertThat(state.get("note").asText()).isEqualTo("no movements at or before " + before);
        InProcessAgis.Run earlyTable = InProcessAgis.agis("audit", "account", player.value(), "--at", before.toString());
        assertThat(earlyTable.exit()).isZero();
        assertThat(earlyTable.out()).contains("no movements at or before " + before, "balance 0 GC");

        InProcessAgis.Run unknown = InProcessAgis.agis("audit", "account", "account:user:never" + suffix());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown account account:user:never").doesNotContain("did you mean");
        InProcessAgis.Run otherKind = InProcessAgis.agis("audit", "account", "account:guild:" + player.ownerId());
        assertThat(otherKind.exit()).isEqualTo(1);
        assertThat(otherKind.err()).contains("unknown account", "did you mean " + player.value() + "?");

        // the account prefix forgotten: a usage error for audit account, a hint for both commands
        InProcessAgis.Run bare = InProcessAgis.agis("audit", "account", player.ownerId());
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("did you mean " + player.value());
        InProcessAgis.Run bareHistory = InProcessAgis.agis("audit", "history", player.ownerId());
        assertThat(bareHistory.exit()).isEqualTo(1);
        assertThat(bareHistory.err()).contains("no events", "did you mean " + player.value() + "?");
    }

    @Test
    void versionNamesTheBuildAndCompletionPrintsAShellScript() {
        InProcessAgis.Run version = InProcessAgis.agis("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("agis ").contains("commit ");

        InProcessAgis.Run completion = InProcessAgis.agis("completion");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash").contains("complete -F", "agis", "audit", "verify");

        InProcessAgis.Run verbose = InProcessAgis.agis("--verbose");
        assertThat(verbose.exit()).isEqualTo(2);
        assertThat(verbose.err()).contains("Missing command");
    }
}
