package dev.agis.query.conversion;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionQueries.ConversionView;
import dev.agis.domain.conversion.ConversionQueries.FindConversion;
import dev.agis.domain.conversion.ConversionQueries.FindFlaggedConversions;
import dev.agis.domain.conversion.ConversionQueries.FlaggedConversions;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

/** Answers conversion queries from the "conversions" read model. */
@Component
public class ConversionQueryHandler {

    private static final String COLUMNS = "conversion_id, player_id, type, tier, status, reward, credited, reversed_amount, flag_reasons, recorded_at";
    private static final RowMapper<ConversionView> VIEW = (rs, n) -> {
        String reasons = rs.getString(9);
        Timestamp at = rs.getTimestamp(10);
        return new ConversionView(ConversionId.of(rs.getString(1)), PlayerId.of(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                reasons == null || reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split(",")),
                at == null ? null : at.toInstant());
    };

    private final JdbcClient jdbc;

    public ConversionQueryHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public ConversionView handle(FindConversion q) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversion_view WHERE conversion_id = :id")
                .param("id", q.conversionId().value()).query(VIEW).optional().orElse(null);
    }

    @QueryHandler
    public FlaggedConversions handle(FindFlaggedConversions q) {
        if (q.limit() < 1 || q.limit() > 500) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "limit must be between 1 and 500");
        }
        boolean after = q.afterRecordedAt() != null && q.afterId() != null;
        return new FlaggedConversions(jdbc.sql("SELECT " + COLUMNS + " FROM conversion_view WHERE status = 'flagged'"
                        + (after ? " AND (recorded_at, conversion_id) > (:at, :id)" : "")
                        + " ORDER BY recorded_at, conversion_id LIMIT :limit")
                .param("at", after ? Timestamp.from(q.afterRecordedAt()) : null)
                .param("id", q.afterId())
                .param("limit", q.limit()).query(VIEW).list());
    }
}
