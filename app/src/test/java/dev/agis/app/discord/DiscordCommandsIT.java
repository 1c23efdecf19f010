package dev.agis.app.discord;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.discord.FakeInteractions.Answer;
import dev.agis.app.discord.FakeInteractions.Recorder;
import dev.agis.discord.InteractionListener;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.RewardFactors;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import com.sun.net.httpserver.HttpServer;
import dev.agis.agones.LocalFleet;
import dev.agis.domain.server.GameServerFleet;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.FindServer;
import dev.agis.domain.server.ServerQueries.ServerView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every Discord command through the real listener, with JDA events as mocks, against the real
 * core on embedded PostgreSQL: success, bad option, missing permission, domain error, and a
 * confirmation clicked twice that pays once.
 *
 * <p>Its own configuration (operator guild, webhook) makes this an AGIS instance of its own: it is
 * closed afterwards, so its event processors release their claims and a later test's replay does
 * not find them held.
 */
@TestPropertySource(properties = "agis.discord.admin-guild-id=" + DiscordCommandsIT.OPERATOR_GUILD)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DiscordCommandsIT extends AbstractIntegrationTest {

    static final String OPERATOR_GUILD = "900000000000000001";
    static final String PLAYER_GUILD = "900000000000000002";

    /** The infra notification webhook: a local HTTP server that records what it is sent. */
    static final HttpServer webhook;
    static final List<String> infraPosts = new CopyOnWriteArrayList<>();

    static {
        try {
            webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        webhook.createContext("/infra", exchange -> {
            try (exchange) {
                infraPosts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        webhook.start();
    }

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("agis.discord.webhooks.infra", () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/infra");
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop(0);
    }

    @Autowired
    InteractionListener listener;
    @Autowired
    GameServerFleet fleet;
    @Autowired
    QueryGateway queries;
    @Autowired
    CommandGateway commands;

    private static String newUser() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    private Answer slash(String user, String guild, boolean manageServer, String name, String subcommand, Map<String, String> options) {
        Recorder recorder = new Recorder();
        listener.onSlashCommandInteraction(FakeInteractions.slash(recorder, user, guild, manageServer, name, subcommand, options));
        return recorder.awaitFinal();
    }

    private Answer click(String user, String button) {
        Recorder recorder = new Recorder();
        listener.onButtonInteraction(FakeInteractions.button(recorder, user, button));
        return recorder.awaitFinal();
    }

    private void grant(String operator, String user, long amount) {
        Answer question = slash(operator, OPERATOR_GUILD, true, "grant", null,
                Map.of("user", user, "amount", Long.toString(amount), "reason", "test credits"));
        assertThat(question.title()).startsWith("Grant");
        Answer done = click(operator, question.confirmButton());
        assertThat(done.title()).as(done.embed().getDescription()).startsWith("Granted");
    }

    private AccountBalance balance(AccountId account) {
        return queries.query(new FindAccountBalance(account), AccountBalance.class).join();
    }

    private void awaitBalance(AccountId account, long expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> balance(account).balance().value() == expected);
    }

    @Test
    void balanceShowsTheWalletOfANewPlayer() {
        Answer answer = slash(newUser(), PLAYER_GUILD, false, "balance", null, Map.of());
        assertThat(answer.kind()).isEqualTo("reply");
        assertThat(answer.ephemeral()).isFalse();
        assertThat(answer.title()).isEqualTo("Your wallet");
        assertThat(answer.field("Balance")).isEqualTo("0 GC");
    }

    @Test
    void balanceOfTheGuildNeedsAGuild() {
        Answer answer = slash(newUser(), null, false, "balance", null, Map.of("guild", "true"));
        assertThat(answer.ephemeral()).isTrue();
        assertThat(answer.field("Code")).isEqualTo("`GUILD_ONLY`");
    }

    @Test
    void grantIsForManageServerMembersOfTheOperatorGuildOnly() {
        String user = newUser();
        Map<String, String> options = Map.of("user", user, "amount", "100", "reason", "r");

        Answer noPermission = slash(newUser(), OPERATOR_GUILD, false, "grant", null, options);
        assertThat(noPermission.ephemeral()).isTrue();
        assertThat(noPermission.field("Code")).isEqualTo("`MANAGE_SERVER_REQUIRED`");
        assertThat(noPermission.field("What to do")).isNotBlank();

        Answer elsewhere = slash(newUser(), PLAYER_GUILD, true, "grant", null, options);
        assertThat(elsewhere.field("Code")).isEqualTo("`OPERATOR_GUILD_ONLY`");
        assertThat(balance(AccountId.user(user)).balance().value()).isZero();
    }

    @Test
    void aBadOptionSaysWhatWasWrong() {
        Answer answer = slash(newUser(), OPERATOR_GUILD, true, "grant", null,
                Map.of("user", newUser(), "amount", "0", "reason", "r"));
        assertThat(answer.ephemeral()).isTrue();
        assertThat(answer.field("Code")).isEqualTo("`INVALID_OPTION`");
        assertThat(answer.embed().getDescription()).contains("amount must be at least 1");
    }

    @Test
    void aContributionWithoutCreditsIsRefusedAfterConfirming() {
        String user = newUser();
        Answer question = slash(user, PLAYER_GUILD, false, "contribute", null, Map.of("amount", "100"));
        assertThat(question.ephemeral()).isTrue();
        assertThat(question.buttons()).hasSize(2);

        Answer refused = click(user, question.confirmButton());
        assertThat(refused.field("Code")).isEqualTo("`INSUFFICIENT_FUNDS`");
        assertThat(refused.field("What to do")).contains("/balance");
        assertThat(refused.buttons()).isEmpty();
    }

    @Test
    void someoneElseCannotConfirmAndCancellingChargesNothing() {
        String user = newUser();
        Answer question = slash(user, PLAYER_GUILD, false, "contribute", null, Map.of("amount", "5"));
        Answer stranger = click(newUser(), question.confirmButton());
        assertThat(stranger.title()).isEqualTo("Not your confirmation");
        assertThat(stranger.ephemeral()).isTrue();

        String cancel = question.buttons().stream().filter(b -> b.startsWith("agis:cancel:")).findFirst().orElseThrow();
        assertThat(click(user, cancel).title()).isEqualTo("Cancelled");
        assertThat(click(user, question.confirmButton()).title()).isEqualTo("Already done: Cancelled");
    }

    @Test
    void aDoubleClickedContributionPaysOnce() throws Exception {
        String operator = newUser();
        String user = newUser();
        String guild = newUser();
        grant(operator, user, 500);

        Answer question = slash(user, guild, false, "contribute", null, Map.of("amount", "200"));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Answer>> clicks = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return click(user, question.confirmButton());
        })).toList();
        start.countDown();
        List<String> titles = clicks.stream().map(CompletableFuture::join).map(Answer::title).toList();

        assertThat(titles).anyMatch(t -> t.startsWith("Contributed"));
        assertThat(titles).anyMatch(t -> t.equals("Already confirmed") || t.startsWith("Already done"));
        awaitBalance(AccountId.guild(guild), 200);
        awaitBalance(AccountId.user(user), 300);
        // a third, late click still pays nothing
        assertThat(click(user, question.confirmButton()).title()).startsWith("Already done");
        assertThat(balance(AccountId.user(user)).balance().value()).isEqualTo(300);
    }

    @Test
    void journeyFromGrantToARunningServerAndItsCharge() {
        String operator = newUser();
        String player = newUser();
        grant(operator, player, 1000);
        awaitBalance(AccountId.user(player), 1000);
        assertThat(slash(player, PLAYER_GUILD, false, "balance", null, Map.of()).field("Balance")).isEqualTo("1,000 GC");

        Answer templates = slash(player, PLAYER_GUILD, false, "server", "templates", Map.of());
        assertThat(templates.field("Minecraft (`minecraft`)")).isEqualTo("30 GC/hour");

        Answer question = slash(player, PLAYER_GUILD, false, "server", "create", Map.of("template", "minecraft", "name", "journey"));
        assertThat(question.title()).isEqualTo("Rent Minecraft for 30 GC?");
        Answer requested = click(player, question.confirmButton());
        assertThat(requested.title()).as(requested.embed().getDescription()).isEqualTo("Server requested");
        String server = requested.field("Server").replace("`", "");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "running".equals(slash(player, PLAYER_GUILD, false, "server", "info", Map.of("server", server)).field("State")));
        Answer info = slash(player, PLAYER_GUILD, false, "server", "info", Map.of("server", server));
        assertThat(info.field("Address")).matches("`127\\.0\\.0\\.1:\\d+`");
        assertThat(slash(player, PLAYER_GUILD, false, "server", "list", Map.of()).embed().getFields()).hasSize(1);

        Answer stopped = slash(player, PLAYER_GUILD, false, "server", "stop", Map.of("server", server));
        assertThat(stopped.title()).isEqualTo("Stopped");

        awaitBalance(AccountId.user(player), 970);
        Answer balance = slash(player, PLAYER_GUILD, false, "balance", null, Map.of());
        assertThat(balance.field("Balance")).isEqualTo("970 GC");
        assertThat(balance.field("Held")).isEqualTo("0 GC");
    }

    @Test
    void anotherPlayersServerIsNotYours() {
        String owner = newUser();
        String operator = newUser();
        grant(operator, owner, 100);
        Answer question = slash(owner, PLAYER_GUILD, false, "server", "create", Map.of("template", "minecraft"));
        String server = click(owner, question.confirmButton()).field("Server").replace("`", "");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                !"`SERVER_NOT_FOUND`".equals(slash(owner, PLAYER_GUILD, false, "server", "info", Map.of("server", server)).field("Code")));
        Answer other = slash(newUser(), PLAYER_GUILD, false, "server", "terminate", Map.of("server", server));
        assertThat(other.field("Code")).isEqualTo("`NOT_OWNER`");
        Answer bad = slash(owner, PLAYER_GUILD, false, "server", "stop", Map.of("server", "not-a-server"));
        assertThat(bad.field("Code")).isEqualTo("`INVALID_OPTION`");
    }

    @Test
    void leaderboardsAnswer() {
        assertThat(slash(newUser(), PLAYER_GUILD, false, "leaderboard", "credits", Map.of()).title()).isEqualTo("Leaderboard: credits");
        assertThat(slash(newUser(), PLAYER_GUILD, false, "leaderboard", "servers", Map.of()).title()).isEqualTo("Leaderboard: server hours");
        assertThat(slash(newUser(), PLAYER_GUILD, false, "leaderboard", "nothing", Map.of()).field("Code")).isEqualTo("`INVALID_OPTION`");
    }

    @Test
    void aSubscriptionIsChargedOnceFromTheWallet() {
        String user = newUser();
        assertThat(slash(user, PLAYER_GUILD, false, "subscription", "status", Map.of()).embed().getDescription()).contains("free tier");
        assertThat(slash(user, PLAYER_GUILD, false, "subscription", "cancel", Map.of()).field("Code")).isEqualTo("`NOT_SUBSCRIBED`");

        grant(newUser(), user, 10_000);
        Answer question = slash(user, PLAYER_GUILD, false, "subscription", "subscribe", Map.of("tier", "premium"));
        assertThat(click(user, question.confirmButton()).title()).isEqualTo("Subscribed to premium");
        assertThat(click(user, question.confirmButton()).title()).isEqualTo("Already done: Subscribed to premium");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "active".equals(slash(user, PLAYER_GUILD, false, "subscription", "status", Map.of()).field("Status")));
        awaitBalance(AccountId.user(user), 10_000 - 3_990);
    }

    @Test
    void guildServersNeedManageServerAndArePaidFromTheTreasury() {
        String admin = newUser();
        String guild = newUser();
        Answer templates = slash(admin, guild, false, "guild-server", "templates", Map.of());
        assertThat(templates.field("Minecraft (small) S (`minecraft-small`)")).isEqualTo("95 GC/hour + 475 GC setup (5 % guild discount)");

        Answer member = slash(newUser(), guild, false, "guild-server", "create", Map.of("template", "minecraft-small"));
        assertThat(member.field("Code")).isEqualTo("`MANAGE_SERVER_REQUIRED`");

        Answer question = slash(admin, guild, true, "guild-server", "create", Map.of("template", "minecraft-small"));
        assertThat(question.title()).isEqualTo("Rent Minecraft (small) for the guild for 570 GC?");
        assertThat(question.embed().getDescription()).contains("95 GC per started hour", "5 % guild discount", "120 minutes");
        assertThat(click(admin, question.confirmButton()).field("Code")).isEqualTo("`INSUFFICIENT_FUNDS`");

        grant(newUser(), admin, 1_000);
        Answer contribution = slash(admin, guild, true, "contribute", null, Map.of("amount", "1000"));
        assertThat(click(admin, contribution.confirmButton()).title()).startsWith("Contributed");
        awaitBalance(AccountId.guild(guild), 1_000);
        assertThat(slash(admin, guild, false, "guild-server", "treasury", Map.of()).field("Available")).isEqualTo("1,000 GC");

        Answer again = slash(admin, guild, true, "guild-server", "create", Map.of("template", "minecraft-small", "name", "guild mc"));
        Answer requested = click(admin, again.confirmButton());
        assertThat(requested.title()).isEqualTo("Guild server requested");
        String server = requested.field("Server").replace("`", "");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "running".equals(slash(admin, guild, false, "guild-server", "info", Map.of("server", server)).field("State")));
        assertThat(slash(admin, guild, false, "guild-server", "list", Map.of()).embed().getFields()).hasSize(1);
        // a player's own /server commands do not reach the guild's servers
        assertThat(slash(admin, guild, false, "server", "info", Map.of("server", server)).field("Code")).isEqualTo("`NOT_OWNER`");

        Answer terminate = slash(admin, guild, true, "guild-server", "terminate", Map.of("server", server));
        assertThat(click(admin, terminate.confirmButton()).title()).isEqualTo("Terminated");
        awaitBalance(AccountId.guild(guild), 1_000 - 570);
    }

    @Test
    void schedulesForOwnServers() {
        String player = newUser();
        assertThat(slash(player, PLAYER_GUILD, false, "schedule", "help", Map.of()).field("Weekdays at 08:30")).isEqualTo("`30 8 * * 1-5`");
        grant(newUser(), player, 100);
        Answer question = slash(player, PLAYER_GUILD, false, "server", "create", Map.of("template", "minecraft"));
        String server = click(player, question.confirmButton()).field("Server").replace("`", "");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                !"`SERVER_NOT_FOUND`".equals(slash(player, PLAYER_GUILD, false, "server", "info", Map.of("server", server)).field("Code")));

        Answer badCron = slash(player, PLAYER_GUILD, false, "schedule", "create",
                Map.of("server", server, "action", "stop", "cron", "every evening"));
        assertThat(badCron.field("Code")).isEqualTo("`INVALID_CRON`");
        Answer badZone = slash(player, PLAYER_GUILD, false, "schedule", "create",
                Map.of("server", server, "action", "stop", "cron", "0 18 * * *", "timezone", "Mars/Olympus"));
        assertThat(badZone.field("Code")).isEqualTo("`INVALID_TIMEZONE`");

        Answer created = slash(player, PLAYER_GUILD, false, "schedule", "create",
                Map.of("server", server, "action", "stop", "cron", "0 18 * * *", "timezone", "Europe/Berlin"));
        assertThat(created.title()).as(created.embed().getDescription()).isEqualTo("Schedule created");
        String schedule = created.field("Schedule").replace("`", "");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                slash(player, PLAYER_GUILD, false, "schedule", "list", Map.of()).embed().getFields().size() == 1);
        assertThat(slash(player, PLAYER_GUILD, false, "schedule", "disable", Map.of("schedule", schedule)).title()).isEqualTo("Schedule disabled");
        assertThat(slash(newUser(), PLAYER_GUILD, false, "schedule", "enable", Map.of("schedule", schedule)).field("Code")).isEqualTo("`NOT_OWNER`");
        assertThat(slash(player, PLAYER_GUILD, false, "schedule", "delete", Map.of("schedule", schedule)).title()).isEqualTo("Schedule deleted");
    }

    @Test
    void aCrashedServerIsPostedToTheInfraWebhook() {
        String player = newUser();
        grant(newUser(), player, 100);
        Answer question = slash(player, PLAYER_GUILD, false, "server", "create", Map.of("template", "minecraft"));
        String server = click(player, question.confirmButton()).field("Server").replace("`", "");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "running".equals(slash(player, PLAYER_GUILD, false, "server", "info", Map.of("server", server)).field("State")));
        ServerView view = queries.query(new FindServer(ServerId.of("server:" + server)), ServerView.class).join();

        ((LocalFleet) fleet).crash(view.gameServerName());

        await().atMost(Duration.ofSeconds(30)).until(() -> infraPosts.stream().anyMatch(p -> p.contains(server)));
        assertThat(infraPosts.stream().filter(p -> p.contains(server)).findFirst().orElseThrow()).contains("\"title\":\"Server crashed\"");
    }

    @Test
    void operatorsRunExperiments() {
        String operator = newUser();
        String key = "discord-" + newUser().substring(0, 10);
        Map<String, String> definition = Map.of("key", key, "description", "does a nicer embed convert better",
                "variants", "control:50,treatment:50");
        assertThat(slash(operator, PLAYER_GUILD, true, "experiment", "create", definition).field("Code")).isEqualTo("`OPERATOR_GUILD_ONLY`");
        assertThat(slash(operator, OPERATOR_GUILD, true, "experiment", "create",
                Map.of("key", key, "description", "d", "variants", "control")).field("Code")).isEqualTo("`INVALID_OPTION`");

        assertThat(slash(operator, OPERATOR_GUILD, true, "experiment", "create", definition).title()).isEqualTo("Experiment created");
        assertThat(slash(operator, OPERATOR_GUILD, true, "experiment", "create", definition).field("Code"))
                .isEqualTo("`EXPERIMENT_ALREADY_EXISTS`");
        assertThat(slash(operator, OPERATOR_GUILD, true, "experiment", "start", Map.of("key", key)).title()).isEqualTo("Experiment started");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Answer results = slash(operator, OPERATOR_GUILD, true, "experiment", "results", Map.of("key", key));
            assertThat(results.title()).as(results.embed().getDescription() + " " + results.embed().getFields()).isEqualTo("Results: " + key);
        });
        assertThat(slash(operator, OPERATOR_GUILD, true, "experiment", "stop", Map.of("key", key)).title()).isEqualTo("Experiment stopped");
        await().atMost(Duration.ofSeconds(20)).until(() -> slash(operator, OPERATOR_GUILD, true, "experiment", "list", Map.of())
                .embed().getFields().stream().anyMatch(f -> (key + " — completed").equals(f.getName())));
        assertThat(slash(operator, OPERATOR_GUILD, true, "experiment", "stop", Map.of("key", "no-such-experiment")).field("Code"))
                .isEqualTo("`EXPERIMENT_NOT_FOUND`");
    }

    @Test
    void operatorsDecideFlaggedConversions() {
        String operator = newUser();
        String player = newUser();
        String tx = "discord-" + newUser();
        // a callback from an address outside ayeT's list is recorded as flagged (source_not_allowed)
        commands.sendAndWait(new RecordConversion(ConversionId.ayet(tx), tx, PlayerId.of(player), "offerwall", new BigDecimal("100"),
                RewardFactors.NONE, false, Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> slash(operator, OPERATOR_GUILD, true, "conversion", "flagged", Map.of())
                .embed().getFields().stream().anyMatch(f -> ("`" + tx + "`").equals(f.getName())));

        assertThat(slash(operator, OPERATOR_GUILD, false, "conversion", "approve", Map.of("conversion", tx)).field("Code"))
                .isEqualTo("`MANAGE_SERVER_REQUIRED`");
        assertThat(slash(operator, OPERATOR_GUILD, true, "conversion", "approve", Map.of("conversion", tx, "note", "checked"))
                .title()).isEqualTo("Conversion approved");
        await().atMost(Duration.ofSeconds(20)).until(() -> balance(AccountId.user(player)).balance().isPositive());
        assertThat(slash(operator, OPERATOR_GUILD, true, "conversion", "reject", Map.of("conversion", tx)).field("Code"))
                .isEqualTo("`NOT_FLAGGED`");
        assertThat(slash(operator, OPERATOR_GUILD, true, "conversion", "approve", Map.of("conversion", "discord-unknown-" + tx))
                .field("Code")).isEqualTo("`CONVERSION_NOT_FOUND`");
    }

    private List<String> complete(String user, String name, String subcommand, String option, String typed) throws Exception {
        CompletableFuture<List<Command.Choice>> offered = new CompletableFuture<>();
        listener.onCommandAutoCompleteInteraction(FakeInteractions.autocomplete(offered, user, PLAYER_GUILD, name, subcommand, option, typed));
        return offered.get(10, TimeUnit.SECONDS).stream().map(Command.Choice::getAsString).toList();
    }

    @Test
    void optionsCompleteAsTheUserTypes() throws Exception {
        String player = newUser();
        assertThat(complete(player, "server", "create", "template", "mine")).contains("minecraft").doesNotContain("terraria");
        assertThat(complete(player, "schedule", "create", "timezone", "berl")).containsExactly("Europe/Berlin");

        grant(newUser(), player, 100);
        Answer question = slash(player, PLAYER_GUILD, false, "server", "create", Map.of("template", "minecraft", "name", "mine"));
        String server = click(player, question.confirmButton()).field("Server").replace("`", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> complete(player, "server", "info", "server", "").contains(server));
    }

    @Test
    void aDoubleClickedServerRentalRentsOneServer() {
        String player = newUser();
        grant(newUser(), player, 100);
        Answer question = slash(player, PLAYER_GUILD, false, "server", "create", Map.of("template", "minecraft"));
        List<CompletableFuture<Answer>> clicks = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> click(player, question.confirmButton()))).toList();
        List<String> titles = clicks.stream().map(CompletableFuture::join).map(Answer::title).toList();

        assertThat(titles).containsOnlyOnce("Server requested");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                slash(player, PLAYER_GUILD, false, "server", "list", Map.of()).embed().getFields().size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> balance(AccountId.user(player)).balance().value() == 70);
        assertThat(slash(player, PLAYER_GUILD, false, "server", "list", Map.of()).embed().getFields()).hasSize(1);
    }
}
