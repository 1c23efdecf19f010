package dev.agis.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.apikey.TestApiKeys;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.VariantSpec;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the curl examples of docs/api.md against the application: every {@code curl} command of a
 * fenced {@code sh} block is sent with Java's HttpClient, host and port replaced, {@code $KEY},
 * {@code $ADMIN} … replaced by real keys. A trailing {@code # 403 INSUFFICIENT_SCOPE} comment
 * states the expected status (and code); without one the answer must be 2xx. Lines that are not
 * curl commands (the {@code agis} CLI, shell loops, assignments) are not run.
 */
class ApiDocsExamplesIT extends AbstractIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EXPECTED = Pattern.compile("^(\\d{3})(?:\\s+([A-Z][A-Z_]+))?");

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;

    record Example(String line, List<String> words, String comment) {
    }

    @Test
    void theCurlExamplesOfTheApiGuideWork() throws Exception {
        Map<String, String> vars = variables();
        List<Example> examples = examples(Files.readString(docs()));
        assertThat(examples).hasSizeGreaterThan(20);

        HttpClient client = HttpClient.newHttpClient();
        List<String> failures = new ArrayList<>();
        for (Example example : examples) {
            HttpRequest request = request(example.words(), vars);
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher expected = EXPECTED.matcher(example.comment());
            String outcome = response.statusCode() + " " + response.body();
            if (expected.find()) {
                int status = Integer.parseInt(expected.group(1));
                if (response.statusCode() != status) {
                    failures.add(example.line() + "\n  expected " + status + ", got " + outcome);
                } else if (expected.group(2) != null
                        && !expected.group(2).equals(JSON.readTree(response.body()).path("code").asText())) {
                    failures.add(example.line() + "\n  expected code " + expected.group(2) + ", got " + outcome);
                }
            } else if (response.statusCode() / 100 != 2) {
                failures.add(example.line() + "\n  expected 2xx, got " + outcome);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The keys and ids the examples name, real ones of this application. */
    private Map<String, String> variables() {
        String owner = "987654321098765432";
        String admin = newOwner();
        Map<String, String> vars = new HashMap<>();
        vars.put("ADMIN", TestApiKeys.create(commands, admin, TestApiKeys.GENEROUS_RATE, ApiScope.ADMIN));
        vars.put("KEY", TestApiKeys.create(commands, owner, TestApiKeys.GENEROUS_RATE, ApiScope.READ_SERVERS, ApiScope.READ_STATS));
        String spender = newOwner();
        commands.sendAndWait(new CreditAccount(AccountId.user(spender), Credits.of(100_000), MovementReason.ADMIN_GRANT, "docs",
                Actor.system("test"), "docs"));
        vars.put("WRITE_KEY", TestApiKeys.create(commands, spender, TestApiKeys.GENEROUS_RATE, ApiScope.WRITE_SERVERS));
        // its own player: the guide's privacy examples end with an erasure
        vars.put("PRIVACY_KEY", TestApiKeys.create(commands, newOwner(), TestApiKeys.GENEROUS_RATE, ApiScope.PRIVACY));

        String revoked = ApiKeySecret.generate();
        ApiKeyId revokedId = ApiKeyId.newId();
        commands.sendAndWait(new CreateApiKey(revokedId, "revoked", PlayerId.of(owner), EnumSet.of(ApiScope.READ_SERVERS),
                ApiKeySecret.hash(revoked), 100, null, null, Actor.operator("test")));
        commands.sendAndWait(new RevokeApiKey(revokedId, PlayerId.of(owner), EnumSet.of(ApiScope.ADMIN), Actor.operator("test")));
        vars.put("REVOKED", revoked);

        ApiKeyId spare = ApiKeyId.newId();
        commands.sendAndWait(new CreateApiKey(spare, "spare", PlayerId.of(owner), EnumSet.of(ApiScope.READ_SERVERS),
                ApiKeySecret.hash(ApiKeySecret.generate()), 100, null, null, Actor.operator("test")));
        vars.put("KEY_ID", spare.uuid());

        String tx = "docs-" + UUID.randomUUID();
        // over the per-conversion cap: flagged for an admin
        commands.sendAndWait(new RecordConversion(ConversionId.ayet(tx), tx, PlayerId.of(owner), "offer", new BigDecimal("25000"),
                RewardFactors.NONE, true, Map.of()));
        vars.put("CONVERSION", tx);

        vars.put("AN", TestApiKeys.create(commands, newOwner(), TestApiKeys.GENEROUS_RATE, ApiScope.READ_ANALYTICS));
        // created, never started: it changes nobody's rewards
        ExperimentKey experiment = ExperimentKey.of("docs-" + UUID.randomUUID().toString().substring(0, 8));
        commands.sendAndWait(new CreateExperiment(experiment, "Docs", null, List.of(
                new VariantSpec("control", 1, "{\"reward.multiplier\": 1}"),
                new VariantSpec("boost", 1, "{\"reward.multiplier\": 1.5}")), "control", 100,
                ExperimentMetric.GC_PER_PLAYER, null, Actor.operator("test")));
        vars.put("EXPERIMENT", experiment.value());
        return vars;
    }

    private static String newOwner() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    private static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("api.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/api.md not found above the working directory");
    }

    /** Every curl command of the sh blocks, continuation lines joined, split into words with its comment. */
    static List<Example> examples(String markdown) {
        List<Example> examples = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(markdown);
        while (block.find()) {
            String joined = block.group(1).replaceAll("\\\\\\n\\s*", " ");
            for (String line : joined.split("\\n")) {
                String trimmed = line.strip();
                if (!trimmed.startsWith("curl ")) {
                    continue;
                }
                List<String> words = new ArrayList<>();
                String comment = split(trimmed, words);
                examples.add(new Example(trimmed, words, comment));
            }
        }
        return examples;
    }

    /** Shell words of a line (single and double quotes), the text after an unquoted '#' returned as the comment. */
    private static String split(String line, List<String> words) {
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                if (c == '\'') {
                    word.append('\u0000'); // marks a single-quoted word: no variables expanded
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                return line.substring(i + 1).strip();
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return "";
    }

    private HttpRequest request(List<String> words, Map<String, String> vars) {
        String method = null;
        String body = null;
        String url = null;
        HttpRequest.Builder request = HttpRequest.newBuilder();
        for (int i = 1; i < words.size(); i++) {
            String word = expand(words.get(i), vars);
            switch (word) {
                case "-X", "--request" -> method = expand(words.get(++i), vars);
                case "-H", "--header" -> {
                    String header = expand(words.get(++i), vars);
                    int colon = header.indexOf(':');
                    request.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
                }
                case "-d", "--data", "--data-raw" -> body = expand(words.get(++i), vars);
                case "-o", "-w" -> i++;
                default -> {
                    if (!word.startsWith("-")) {
                        url = word;
                    }
                }
            }
        }
        url = url.replaceFirst("^(https?://)?localhost:8080", "http://localhost:" + port);
        method = method != null ? method : body != null ? "POST" : "GET";
        return request.uri(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** $NAME and ${NAME}, except in single-quoted words. */
    private static String expand(String word, Map<String, String> vars) {
        if (word.indexOf('\u0000') >= 0) {
            return word.replace("\u0000", "");
        }
        Matcher m = Pattern.compile("\\$\\{?([A-Z_]+)}?").matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("docs/api.md uses $" + m.group(1) + ", which this test does not provide");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
