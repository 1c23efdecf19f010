package dev.agis.command.server;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Set-based validation of the concurrent-server limit (docs/adr/0020). One counter row per owner;
 * taking a slot is a conditional UPDATE that row-locks it, so concurrent requests of one owner
 * queue on that row and each sees the count the previous one committed. Runs in the command's
 * transaction: a refused or failed request leaves the counter unchanged.
 */
@Component
public class ServerSlots {

    private final JdbcClient jdbc;

    public ServerSlots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void reserve(AccountId owner, ServerId server, int limit) {
        jdbc.sql("INSERT INTO server_owner_slots (owner_id, used) VALUES (:owner, 0) ON CONFLICT (owner_id) DO NOTHING")
                .param("owner", owner.value())
                .update();
        int taken = jdbc.sql("UPDATE server_owner_slots SET used = used + 1 WHERE owner_id = :owner AND used < :limit")
                .param("owner", owner.value())
                .param("limit", limit)
                .update();
        if (taken == 0) {
            throw new DomainException(ServerError.CONCURRENT_LIMIT_REACHED,
                    owner + " already runs " + limit + " servers, the most its tier allows at once");
        }
        jdbc.sql("INSERT INTO server_slot (server_id, owner_id) VALUES (:server, :owner)")
                .param("server", server.value())
                .param("owner", owner.value())
                .update();
    }

    /** Frees the server's slot if it holds one; repeated calls change nothing. */
    void release(ServerId server) {
        jdbc.sql("""
                        WITH freed AS (DELETE FROM server_slot WHERE server_id = :server RETURNING owner_id)
                        UPDATE server_owner_slots SET used = used - 1 WHERE owner_id IN (SELECT owner_id FROM freed)""")
                .param("server", server.value())
                .update();
    }
}
