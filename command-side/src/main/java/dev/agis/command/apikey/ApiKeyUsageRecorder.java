package dev.agis.command.apikey;

import dev.agis.domain.apikey.ApiKeyCommands.RecordApiKeyUsage;
import dev.agis.domain.apikey.ApiKeyCommands.Usage;
import org.axonframework.commandhandling.CommandHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/**
 * Keeps when each key was last used, in {@code api_key_usage}: one batched upsert per flush from
 * every instance, never an event per request. A later time always wins, so instances flushing in
 * any order converge.
 */
@Component
public class ApiKeyUsageRecorder {

    private final JdbcTemplate jdbc;

    public ApiKeyUsageRecorder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @CommandHandler
    public void handle(RecordApiKeyUsage cmd) {
        List<Usage> usages = cmd.usages() == null ? List.of() : cmd.usages();
        if (usages.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                        INSERT INTO api_key_usage (key_id, last_used_at) VALUES (?, ?)
                        ON CONFLICT (key_id) DO UPDATE SET last_used_at = GREATEST(api_key_usage.last_used_at, EXCLUDED.last_used_at)""",
                usages, usages.size(), (ps, usage) -> {
                    ps.setString(1, usage.keyId().value());
                    ps.setTimestamp(2, Timestamp.from(usage.lastUsedAt()));
                });
    }
}
