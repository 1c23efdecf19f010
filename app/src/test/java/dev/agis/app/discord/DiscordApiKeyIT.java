package dev.agis.app.discord;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.discord.FakeInteractions.Answer;
import dev.agis.app.discord.FakeInteractions.Recorder;
import dev.agis.discord.CommandInput;
import dev.agis.discord.Confirmations;
import dev.agis.discord.InteractionListener;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.discord.commands.ApiKeyCommand;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /apikey create|list|revoke} through the real listener against the real core: the key is
 * shown once, privately, and works on the REST API; scopes beyond a player's need an operator;
 * only one's own keys are listed and revoked.
 */
@TestPropertySource(properties = "agis.discord.admin-guild-id=" + DiscordApiKeyIT.OPERATOR_GUILD)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DiscordApiKeyIT extends AbstractIntegrationTest {

    static final String OPERATOR_GUILD = "900000000000000011";
    static final String PLAYER_GUILD = "900000000000000012";

    @Autowired
    InteractionListener listener;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ApiKeyCommand apiKeys;

    private static String newUser() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    private Answer slash(String user, String guild, boolean manageServer, String subcommand, Map<String, String> options) {
        Recorder recorder = new Recorder();
        listener.onSlashCommandInteraction(FakeInteractions.slash(recorder, user, guild, manageServer, "apikey", subcommand, options));
        return recorder.awaitFinal();
    }

    private Answer click(String user, String button) {
        Recorder recorder = new Recorder();
        listener.onButtonInteraction(FakeInteractions.button(recorder, user, button));
        return recorder.awaitFinal();
    }

    private ResponseEntity<String> keysOverHttp(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(key);
        return rest.exchange("/api/v1/auth/keys", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static String unquoted(String field) {
        return field.replace("`", "");
    }

    @Test
    void aPlayerCreatesAKeyThatIsShownOncePrivatelyAndWorksListsAndRevokesIt() {
        String player = newUser();
        Answer created = slash(player, PLAYER_GUILD, false, "create",
                Map.of("name", "my bot", "scopes", "read:servers,write:servers", "ttl_days", "30"));

        assertThat(created.title()).isEqualTo("API key created");
        assertThat(created.ephemeral()).isTrue();
        String key = unquoted(created.field("Key"));
        String id = unquoted(created.field("Id"));
        assertThat(key).matches("agis_[A-Za-z0-9_-]{43}");
        assertThat(created.field("Scopes")).isEqualTo("read:servers, write:servers");
        assertThat(created.field("Rate limit")).isEqualTo("100/min");

        ResponseEntity<String> viaHttp = keysOverHttp(key);
        assertThat(viaHttp.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(viaHttp.getBody()).contains(id, "my bot", "\"owner\":\"" + player + "\"");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Answer list = slash(player, PLAYER_GUILD, false, "list", Map.of());
            assertThat(list.ephemeral()).isTrue();
            assertThat(list.embed().getFields()).hasSize(1);
            assertThat(list.embed().getFields().get(0).getName()).isEqualTo("my bot — active");
            assertThat(list.embed().getFields().get(0).getValue()).contains(id).doesNotContain(key);
        });
        assertThat(complete(player, "")).containsExactly(id);

        Answer question = slash(player, PLAYER_GUILD, false, "revoke", Map.of("key", id));
        assertThat(question.title()).isEqualTo("Revoke the API key my bot?");
        assertThat(click(player, question.confirmButton()).title()).isEqualTo("API key revoked");
        await().atMost(Duration.ofSeconds(15)).until(() -> keysOverHttp(key).getStatusCode() == HttpStatus.UNAUTHORIZED);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                slash(player, PLAYER_GUILD, false, "list", Map.of()).embed().getFields().get(0).getName().startsWith("my bot — revoked"));
    }

    @Test
    void badOptionsSayWhatWasWrongAndMakeNoKey() {
        String player = newUser();
        Answer unknownScope = slash(player, PLAYER_GUILD, false, "create", Map.of("name", "x", "scopes", "read:everything"));
        assertThat(unknownScope.field("Code")).isEqualTo("`INVALID_SCOPE`");
        assertThat(unknownScope.ephemeral()).isTrue();
        assertThat(slash(player, PLAYER_GUILD, false, "create", Map.of("scopes", "read:servers")).field("Code"))
                .isEqualTo("`INVALID_OPTION`");
        assertThat(slash(player, PLAYER_GUILD, false, "create", Map.of("name", "x", "scopes", "read:servers", "ttl_days", "0"))
                .field("Code")).isEqualTo("`INVALID_API_KEY_REQUEST`");
        assertThat(slash(player, PLAYER_GUILD, false, "revoke", Map.of("key", "not-a-key")).field("Code"))
                .isEqualTo("`INVALID_ARGUMENT`");

        assertThat(slash(player, PLAYER_GUILD, false, "list", Map.of()).embed().getDescription()).contains("You have none");
    }

    @Test
    void adminAndAnalyticsScopesNeedAnOperatorInTheOperatorGuild() {
        String player = newUser();
        assertThat(slash(player, PLAYER_GUILD, true, "create", Map.of("name", "x", "scopes", "admin")).field("Code"))
                .isEqualTo("`SCOPE_NOT_HELD`");
        assertThat(slash(player, OPERATOR_GUILD, false, "create", Map.of("name", "x", "scopes", "read:analytics")).field("Code"))
                .isEqualTo("`SCOPE_NOT_HELD`");

        Answer operatorKey = slash(player, OPERATOR_GUILD, true, "create", Map.of("name", "ops", "scopes", "admin"));
        assertThat(operatorKey.title()).isEqualTo("API key created");
        assertThat(keysOverHttp(unquoted(operatorKey.field("Key"))).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anotherPlayersKeyCannotBeRevokedOrSeen() {
        String owner = newUser();
        String id = unquoted(slash(owner, PLAYER_GUILD, false, "create", Map.of("name", "mine", "scopes", "read:stats")).field("Id"));
        String other = newUser();

        assertThat(slash(other, PLAYER_GUILD, false, "revoke", Map.of("key", id)).field("Code")).isEqualTo("`API_KEY_NOT_FOUND`");
        // not even an operator revokes someone else's key here
        assertThat(slash(other, OPERATOR_GUILD, true, "revoke", Map.of("key", id)).field("Code")).isEqualTo("`API_KEY_NOT_FOUND`");
        assertThat(slash(other, PLAYER_GUILD, false, "list", Map.of()).embed().getFields()).isEmpty();
        assertThat(slash(owner, PLAYER_GUILD, false, "revoke", Map.of("key", "00000000-0000-0000-0000-000000000000")).field("Code"))
                .isEqualTo("`API_KEY_NOT_FOUND`");
    }

    @Test
    void aSlowAnswerIsDeferredPrivatelySoNobodyElseSeesThatAKeyWasMade() {
        // the real command behind a listener that defers at once, slowed down so that it does
        SlashCommand slow = new SlashCommand() {
            @Override
            public SlashCommandData definition() {
                return apiKeys.definition();
            }

            @Override
            public boolean answersPrivately() {
                return apiKeys.answersPrivately();
            }

            @Override
            public Reply handle(CommandInput input) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return apiKeys.handle(input);
            }
        };
        ExecutorService workers = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            InteractionListener deferring = new InteractionListener(List.of(slow), new Confirmations(Duration.ofMinutes(2), Clock.systemUTC()),
                    workers, timers, Duration.ZERO);
            Recorder recorder = new Recorder();
            deferring.onSlashCommandInteraction(FakeInteractions.slash(recorder, newUser(), PLAYER_GUILD, false, "apikey", "create",
                    Map.of("name", "slow", "scopes", "read:stats")));

            Answer answer = recorder.awaitFinal();
            assertThat(recorder.answers().get(0).kind()).isEqualTo("defer");
            assertThat(recorder.answers().get(0).ephemeral()).as("the deferral is private").isTrue();
            assertThat(answer.kind()).isEqualTo("edit");    // of the private deferral: stays private
            assertThat(answer.title()).isEqualTo("API key created");
            assertThat(recorder.answers()).noneMatch(a -> a.kind().equals("reply") || a.kind().equals("followup"));
        } finally {
            workers.shutdownNow();
            timers.shutdownNow();
        }
    }

    private List<String> complete(String user, String typed) {
        CompletableFuture<List<Command.Choice>> offered = new CompletableFuture<>();
        listener.onCommandAutoCompleteInteraction(FakeInteractions.autocomplete(offered, user, PLAYER_GUILD, "apikey", "revoke", "key", typed));
        try {
            return offered.get(10, TimeUnit.SECONDS).stream().map(Command.Choice::getAsString).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
