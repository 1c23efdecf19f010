package dev.agis.query.subscription;

import dev.agis.domain.subscription.PlayerTierQuery.FindPlayerTier;
import dev.agis.domain.subscription.PlayerTierQuery.PlayerTier;
import dev.agis.domain.subscription.SubscriptionQueries.FindSubscription;
import dev.agis.domain.subscription.SubscriptionQueries.SubscriptionView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Answers the tier contract ({@link FindPlayerTier}) and subscription status from the
 * "subscriptions" read model. A player without a row is on the free tier.
 */
@Component
public class SubscriptionQueryHandler {

    private final JdbcClient jdbc;

    public SubscriptionQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public PlayerTier handle(FindPlayerTier q) {
        return jdbc.sql("SELECT tier, reward_multiplier, max_concurrent_servers FROM player_subscription WHERE player_id = :p")
                .param("p", q.playerId().value())
                .query((rs, n) -> new PlayerTier(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros(), rs.getInt(3)))
                .optional().orElse(PlayerTier.FREE);
    }

    @QueryHandler
    public SubscriptionView handle(FindSubscription q) {
        return jdbc.sql("SELECT tier, status, period_end, updated_at FROM player_subscription WHERE player_id = :p")
                .param("p", q.playerId().value())
                .query((rs, n) -> {
                    Timestamp end = rs.getTimestamp(3);
                    return new SubscriptionView(q.playerId(), rs.getString(1), rs.getString(2), end == null ? null : end.toInstant(),
                            rs.getTimestamp(4).toInstant());
                })
                .optional().orElse(new SubscriptionView(q.playerId(), "free", "none", null, null));
    }
}
