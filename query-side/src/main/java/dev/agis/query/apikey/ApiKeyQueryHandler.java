package dev.agis.query.apikey;

import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeyView;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeys;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKey;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKeyByHash;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKeys;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.PlayerId;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** Answers API key queries from the "api-keys" read model and the usage table. */
@Component
public class ApiKeyQueryHandler {

    private static final String SELECT = """
            SELECT k.key_id, k.name, k.owner_id, k.scopes, k.requests_per_minute, k.created_at, k.expires_at, k.revoked_at,
                   u.last_used_at
              FROM api_key k LEFT JOIN api_key_usage u ON u.key_id = k.key_id
            """;

    private static final RowMapper<ApiKeyView> VIEW = (rs, n) -> new ApiKeyView(ApiKeyId.of(rs.getString(1)), rs.getString(2),
            PlayerId.of(rs.getString(3)), scopes(rs.getString(4)), rs.getInt(5), instant(rs.getTimestamp(6)),
            instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)));

    private final JdbcClient jdbc;

    public ApiKeyQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public ApiKeyView handle(FindApiKeyByHash q) {
        return jdbc.sql(SELECT + " WHERE k.key_hash = :hash").param("hash", q.keyHash()).query(VIEW).optional().orElse(null);
    }

    @QueryHandler
    public ApiKeyView handle(FindApiKey q) {
        return jdbc.sql(SELECT + " WHERE k.key_id = :id").param("id", q.keyId().value()).query(VIEW).optional().orElse(null);
    }

    @QueryHandler
    public ApiKeys handle(FindApiKeys q) {
        return new ApiKeys(jdbc.sql(SELECT + """
                         WHERE (CAST(:owner AS VARCHAR) IS NULL OR k.owner_id = :owner)
                           AND (CAST(:revoked AS BOOLEAN) IS NULL OR (k.revoked_at IS NOT NULL) = :revoked)
                           AND (CAST(:afterAt AS TIMESTAMPTZ) IS NULL OR (k.created_at, k.key_id) < (:afterAt, :afterId))
                         ORDER BY k.created_at DESC, k.key_id DESC
                         LIMIT :limit""")
                .param("owner", q.owner() == null ? null : q.owner().value())
                .param("revoked", q.revoked())
                .param("afterAt", q.afterCreatedAt() == null || q.afterId() == null ? null : Timestamp.from(q.afterCreatedAt()))
                .param("afterId", q.afterId())
                .param("limit", Math.max(1, Math.min(q.limit(), 1000)))
                .query(VIEW)
                .list());
    }

    private static Set<ApiScope> scopes(String stored) {
        Set<ApiScope> scopes = ApiScope.parseList(stored);
        return scopes.isEmpty() ? EnumSet.noneOf(ApiScope.class) : scopes;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
