package dev.agis.app.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.discord.FakeInteractions.Answer;
import dev.agis.app.discord.FakeInteractions.Recorder;
import dev.agis.discord.CommandInput;
import dev.agis.discord.InteractionListener;
import dev.agis.discord.Reply;
import dev.agis.discord.ReplyRenderer;
import dev.agis.discord.commands.MyDataCommand;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /consent} and {@code /mydata} through the real listener (JDA events as mocks) against the
 * real core: success, bad option, a domain error, someone else's confirmation, and an erasure
 * confirmation clicked twice that erases once.
 */
class PrivacyDiscordIT extends AbstractIntegrationTest {

    static final String GUILD = "900000000000000003";

    @Autowired
    InteractionListener listener;
    @Autowired
    MyDataCommand myData;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcClient jdbc;

    private final ObjectMapper json = new ObjectMapper();

    private static String newUser() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    private Answer slash(String user, String name, String subcommand, Map<String, String> options) {
        Recorder recorder = new Recorder();
        listener.onSlashCommandInteraction(FakeInteractions.slash(recorder, user, GUILD, false, name, subcommand, options));
        return recorder.awaitFinal();
    }

    private Answer click(String user, String button) {
        Recorder recorder = new Recorder();
        listener.onButtonInteraction(FakeInteractions.button(recorder, user, button));
        return recorder.awaitFinal();
    }

    private CurrentConsent consentOf(String user) {
        return queries.query(new FindCurrentConsent(PlayerId.of(user)), CurrentConsent.class).join();
    }

    private long erasureEvents(String user) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :a")
                .param("a", "erasure:" + user).query(Long.class).single();
    }

    @Test
    void consentIsGrantedShownAndWithdrawnWithChannelDiscordAndTheUserAsActor() {
        String user = newUser();
        Answer granted = slash(user, "consent", "grant", Map.of("purpose", "analytics"));
        assertThat(granted.title()).isEqualTo("Consent granted: analytics");
        assertThat(granted.ephemeral()).isTrue();
        assertThat(granted.field("Policy version")).isEqualTo("2026-11");
        await().atMost(Duration.ofSeconds(15)).until(() -> consentOf(user).granted(ConsentPurpose.ANALYTICS));

        Answer shown = slash(user, "consent", "show", Map.of());
        assertThat(shown.title()).isEqualTo("Your consent");
        assertThat(shown.ephemeral()).isTrue();
        assertThat(shown.field("analytics")).startsWith("granted (policy 2026-11, via discord");
        assertThat(shown.field("ads")).startsWith("never granted");

        Answer withdrawn = slash(user, "consent", "withdraw", Map.of("purpose", "analytics"));
        assertThat(withdrawn.title()).isEqualTo("Consent withdrawn: analytics");
        await().atMost(Duration.ofSeconds(15)).until(() -> !consentOf(user).granted(ConsentPurpose.ANALYTICS));
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :a "
                        + "AND convert_from(payload, 'UTF8') LIKE :actor")
                .param("a", "consent:" + user + ":analytics").param("actor", "%\"discord:" + user + "\"%")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aBadPurposeOrWithdrawingWhatIsNotGrantedIsAnEphemeralErrorAndChangesNothing() {
        String user = newUser();
        Answer unknown = slash(user, "consent", "grant", Map.of("purpose", "marketing"));
        assertThat(unknown.title()).isEqualTo("Unknown purpose");
        assertThat(unknown.ephemeral()).isTrue();
        assertThat(unknown.field("Code")).isEqualTo("`UNKNOWN_PURPOSE`");

        Answer notGranted = slash(user, "consent", "withdraw", Map.of("purpose", "ads"));
        assertThat(notGranted.title()).isEqualTo("Not granted");
        assertThat(notGranted.ephemeral()).isTrue();
        assertThat(notGranted.field("What to do")).contains("/consent show");

        Answer missing = slash(user, "consent", "grant", Map.of());
        assertThat(missing.field("Code")).isEqualTo("`INVALID_OPTION`");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE :a")
                .param("a", "consent:" + user + ":%").query(Long.class).single()).isZero();
    }

    @Test
    void theExportIsAnEphemeralJsonFileOfTheUsersOwnData() throws Exception {
        String user = newUser();
        slash(user, "consent", "grant", Map.of("purpose", "notifications"));

        Answer answer = slash(user, "mydata", "export", Map.of());
        assertThat(answer.title()).isEqualTo("Your data");
        assertThat(answer.ephemeral()).isTrue();

        // the file itself: the same document the CLI and the API hand out, as rendered for Discord
        Reply reply = myData.handle(new CommandInput(FakeInteractions.nextId(), user, GUILD, false, "mydata", "export", Map.of()));
        MessageCreateData message = ReplyRenderer.message(reply, "t", Duration.ofMinutes(5));
        List<FileUpload> files = message.getFiles();
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getName()).isEqualTo("agis-data-" + user + ".json"));
        JsonNode doc;
        try (InputStream in = files.get(0).getData()) {
            doc = json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(doc.path("player").asText()).isEqualTo(user);
        assertThat(doc.path("consentHistory").get(0).path("channel").asText()).isEqualTo("discord");
        assertThat(doc.path("consentHistory").get(0).path("actor").asText()).isEqualTo("discord:" + user);
    }

    @Test
    void anEraseConfirmationClickedTwiceErasesOnceAndOnlyItsUserMayConfirm() {
        String user = newUser();
        Answer question = slash(user, "mydata", "erase", Map.of());
        assertThat(question.title()).isEqualTo("Erase your personal data?");
        assertThat(question.ephemeral()).isTrue();
        assertThat(erasureEvents(user)).as("nothing before the confirmation").isZero();

        Answer stranger = click(newUser(), question.confirmButton());
        assertThat(stranger.title()).isEqualTo("Not your confirmation");
        assertThat(erasureEvents(user)).isZero();

        // a double click: both clicks arrive before the first is answered
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        listener.onButtonInteraction(FakeInteractions.button(first, user, question.confirmButton()));
        listener.onButtonInteraction(FakeInteractions.button(second, user, question.confirmButton()));
        Answer done = first.awaitFinal();
        assertThat(done.title()).isEqualTo("Personal data erased");
        assertThat(done.field("Request")).isEqualTo("#1");
        assertThat(second.awaitFinal().title()).startsWith("Already");
        Answer later = click(user, question.confirmButton());
        assertThat(later.title()).isEqualTo("Already done: Personal data erased");
        assertThat(erasureEvents(user)).isOne();
        assertThat(jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = :a")
                .param("a", "erasure:" + user).query(String.class).single()).contains("\"discord:" + user + "\"");

        // a new request later is recorded as the next one and says there was nothing new
        Answer again = click(user, slash(user, "mydata", "erase", Map.of()).confirmButton());
        assertThat(again.title()).isEqualTo("Already erased");
        assertThat(again.field("Request")).isEqualTo("#2");
    }
}
