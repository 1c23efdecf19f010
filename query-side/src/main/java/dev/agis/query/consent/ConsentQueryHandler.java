package dev.agis.query.consent;

import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.consent.ConsentQueries.PurposeConsent;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The current consent of a player, one line per purpose (a purpose never granted reads as not granted). */
@Component
public class ConsentQueryHandler {

    private final JdbcClient jdbc;

    public ConsentQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public CurrentConsent handle(FindCurrentConsent q) {
        Map<ConsentPurpose, PurposeConsent> stored = jdbc.sql(
                        "SELECT purpose, granted, policy_version, channel, changed_at FROM player_consent WHERE player_id = :p")
                .param("p", q.playerId().value())
                .query((rs, n) -> new PurposeConsent(ConsentPurpose.of(rs.getString(1)), rs.getBoolean(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list().stream().collect(Collectors.toMap(PurposeConsent::purpose, Function.identity()));
        return new CurrentConsent(q.playerId(), Arrays.stream(ConsentPurpose.values())
                .map(p -> stored.getOrDefault(p, new PurposeConsent(p, false, null, null, null)))
                .toList());
    }
}
