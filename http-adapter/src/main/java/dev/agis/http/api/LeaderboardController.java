package dev.agis.http.api;

import dev.agis.domain.account.AccountQueries.CreditsLeaderboard;
import dev.agis.domain.account.AccountQueries.FindCreditsLeaderboard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
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
public class LeaderboardController {

    private final QueryGateway queries;

    public LeaderboardController(QueryGateway queries) {
        this.queries = queries;
    }

    public record CreditsRow(int rank, String accountId, String userId, long balance) {
    }

    @GetMapping("/credits")
    @RequiresScope(ApiScope.READ_STATS)
    @Operation(summary = "Players with the most GameCredits", description = "Public read. Ties share a rank.")
    public CompletableFuture<List<CreditsRow>> credits(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
        return queries.query(new FindCreditsLeaderboard(limit), ResponseTypes.instanceOf(CreditsLeaderboard.class))
                .thenApply(board -> board.entries().stream()
                        .map(e -> new CreditsRow(e.rank(), e.accountId().value(), e.accountId().ownerId(), e.balance().value()))
                        .toList());
    }
}
