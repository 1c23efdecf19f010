package dev.agis.domain.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.common.Credits;
import dev.agis.domain.server.ServerEvents.ServerRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The guild discount, computed in one place, and the grace field that older stored events lack. */
class ServerTemplateTest {

    static ServerTemplate template(long perHour, long setup, int discount) {
        return new ServerTemplate("t", "game", "Game", null, "guild", "guild", "fleet", null, null, null, null, null,
                Credits.of(perHour), Credits.of(setup), false, 120, discount);
    }

    @ParameterizedTest(name = "{0} GC/h + {1} setup at {2} %: a guild pays {3} + {4}")
    @CsvSource({
            "100, 500,  5,  95, 475",
            "150, 750,  5, 142, 712",   // 7.5 off rounds in the payer's favour
            "200, 1000, 5, 190, 950",
            "30,  0,    5,  28,   0",
            "1,   0,    5,   0,   0",
            "240, 0,    0, 240,   0",
            "240, 0,  100,   0,   0"})
    void aGuildPaysTheListPriceLessTheDiscountRoundedDown(long perHour, long setup, int discount, long guildPerHour, long guildSetup) {
        ServerPrice price = template(perHour, setup, discount).priceFor(AccountKind.GUILD);

        assertThat(price).isEqualTo(new ServerPrice(Credits.of(guildPerHour), Credits.of(guildSetup), discount));
        assertThat(price.firstPeriod()).isEqualTo(Credits.of(guildPerHour + guildSetup));
    }

    @Test
    void aWalletPaysTheListPrice() {
        assertThat(template(150, 750, 5).priceFor(AccountKind.USER))
                .isEqualTo(new ServerPrice(Credits.of(150), Credits.of(750), 0));
    }

    @Test
    void aServerRequestStoredBeforeGracePeriodsExistedReadsWithoutOne() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        String stored = """
                {"serverId":"server:11111111-2222-3333-4444-555555555555","owner":"account:user:42","templateId":"minecraft",
                 "game":"minecraft","fleet":"agis-dev-fleet","name":"mc","costPerHour":30,"autoRenew":true,
                 "holdId":"h","heldAmount":30,"allocationId":"a","actor":"discord:42","occurredAt":"2026-03-01T10:00:00Z"}""";

        ServerRequested read = json.readValue(stored, ServerRequested.class);

        assertThat(read.graceMinutes()).isNull();
        assertThat(read.costPerHour()).isEqualTo(Credits.of(30));
    }
}
