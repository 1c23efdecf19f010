package dev.agis.http.api.servers;

import dev.agis.domain.server.ServerQueries.FindServersLeaderboard;
import dev.agis.domain.server.ServerQueries.ServersLeaderboard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.http.security.RequiresScope;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;

@RestController
@Validated
@RequestMapping("/api/v1/leaderboard")
@Tag(name = "Leaderboards")
public class ServerLeaderboardController {

    private final QueryGateway queries;

    public ServerLeaderboardController(QueryGateway queries) {
        this.queries = queries;
    }

    public record ServerHoursRow(int rank, String accountId, String ownerId, double serverHours, int servers) {
    }

    @GetMapping("/servers")
    @RequiresScope(ApiScope.READ_STATS)
    @Operation(summary = "Owners with the most server-hours", description = "Public read; includes servers running now. Ties share a rank.")
    public CompletableFuture<List<ServerHoursRow>> servers(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
        return queries.query(new FindServersLeaderboard(limit), ServersLeaderboard.class)
                .thenApply(board -> board.entries().stream()
                        .map(e -> new ServerHoursRow(e.rank(), e.owner().value(), e.owner().ownerId(), e.serverHours(), e.servers()))
                        .toList());
    }
}
