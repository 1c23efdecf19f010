package dev.agis.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.experiment.ExperimentCommands.ArchiveExperiment;
import dev.agis.domain.experiment.ExperimentCommands.ChangeTrafficAllocation;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StartExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StopExperiment;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentList;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentView;
import dev.agis.domain.experiment.ExperimentQueries.FindAssignment;
import dev.agis.domain.experiment.ExperimentQueries.FindExperiment;
import dev.agis.domain.experiment.ExperimentQueries.FindExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.ListExperiments;
import dev.agis.domain.experiment.ExperimentQueries.PlayerAssignment;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.VariantSpec;
import dev.agis.http.support.ApiExceptionHandler;
import dev.agis.http.support.Page;
import dev.agis.http.support.PageRequest;
import dev.agis.http.security.ApiKeyPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.http.security.RequiresScope;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Experiments over HTTP: list, detail, results and assignment need {@code read:analytics}; the
 * lifecycle commands need {@code admin} and name the key ({@code apikey:<uuid>}) as their actor.
 */
@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments")
public class ExperimentController {

    private final QueryGateway queries;
    private final CommandGateway commands;

    public ExperimentController(QueryGateway queries, CommandGateway commands) {
        this.queries = queries;
        this.commands = commands;
    }

    // --- reads -------------------------------------------------------------------------------

    @GetMapping
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "List experiments", description = "Newest first. Page with limit (1-100, default 20) and the "
            + "nextCursor of the previous page; filter by status (DRAFT, RUNNING, COMPLETED, ARCHIVED).")
    public CompletableFuture<Page<ExperimentView>> list(@RequestParam(required = false) ExperimentStatus status,
                                                        @RequestParam(required = false) String limit,
                                                        @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor).expectParts(2);
        return queries.query(new ListExperiments(status, page.afterInstant(0), page.afterString(1), page.fetchSize()),
                        ResponseTypes.instanceOf(ExperimentList.class))
                .thenApply(list -> Page.of(list.experiments(), page, e -> new Object[]{e.createdAt(), e.key().value()}, e -> e));
    }

    @GetMapping("/{key}")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "One experiment's definition and lifecycle")
    public CompletableFuture<ExperimentView> detail(@PathVariable String key) {
        return queries.query(new FindExperiment(ExperimentKey.of(key)), ResponseTypes.instanceOf(ExperimentView.class));
    }

    @GetMapping("/{key}/results")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Results per variant",
            description = "Players, conversions, conversion rate, GC per player, lift vs control with two-sided p-values and "
                    + "confidence intervals (two-proportion z-test for the rate, Welch's t-test for GC per player), "
                    + "significance at the experiment's alpha, and the sample-ratio-mismatch check (chi-square, flagged when p < 0.001).")
    public CompletableFuture<ExperimentResults> results(@PathVariable String key) {
        return queries.query(new FindExperimentResults(ExperimentKey.of(key)), ResponseTypes.instanceOf(ExperimentResults.class));
    }

    @GetMapping("/{key}/assignments/{playerId}")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Which variant a player gets", description = "Side-effect free: records no exposure.")
    public CompletableFuture<PlayerAssignment> assignment(@PathVariable String key, @PathVariable String playerId) {
        FindAssignment query = new FindAssignment(ExperimentKey.of(key), PlayerId.parse(playerId, ExperimentError.INVALID_PLAYER));
        return queries.query(query, ResponseTypes.instanceOf(PlayerAssignment.class));
    }

    // --- admin commands -------------------------------------------------------------------------

    public record VariantRequest(String name, int weight, JsonNode config) {
    }

    public record CreateExperimentRequest(String key, String description, String hypothesis, List<VariantRequest> variants,
                                          String controlVariant, Integer trafficPercent, ExperimentMetric primaryMetric,
                                          Double alpha) {
    }

    public record TrafficRequest(Integer trafficPercent) {
    }

    @PostMapping
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Create an experiment (admin)",
            description = "Needs an API key with the admin scope.")
    public ResponseEntity<?> create(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                    @RequestBody CreateExperimentRequest body) {
        Actor admin = caller.actor();
        if (body == null || body.key() == null || body.trafficPercent() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "key and trafficPercent are required");
        }
        List<VariantSpec> variants = body.variants() == null ? null : body.variants().stream()
                .map(v -> v == null ? null : new VariantSpec(v.name(), v.weight(), v.config() == null || v.config().isNull() ? null : v.config().toString()))
                .toList();
        ExperimentKey key = ExperimentKey.of(body.key());
        commands.sendAndWait(new CreateExperiment(key, body.description(), body.hypothesis(), variants, body.controlVariant(),
                body.trafficPercent(), body.primaryMetric(), body.alpha(), admin));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(key));
    }

    @PostMapping("/{key}/start")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Start an experiment (admin)")
    public ExperimentView start(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                @PathVariable String key) {
        return act(key, k -> new StartExperiment(k, caller.actor()));
    }

    @PostMapping("/{key}/stop")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Stop (complete) an experiment (admin)")
    public ExperimentView stop(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                               @PathVariable String key) {
        return act(key, k -> new StopExperiment(k, caller.actor()));
    }

    @PostMapping("/{key}/archive")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Archive an experiment (admin)")
    public ExperimentView archive(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                  @PathVariable String key) {
        return act(key, k -> new ArchiveExperiment(k, caller.actor()));
    }

    @PutMapping("/{key}/traffic")
    @RequiresScope(ApiScope.ADMIN)
    @Operation(summary = "Change the traffic allocation (admin)", description = "While running it may only grow.")
    public ExperimentView traffic(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                 @PathVariable String key, @RequestBody TrafficRequest body) {
        Actor admin = caller.actor();
        if (body == null || body.trafficPercent() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "trafficPercent is required");
        }
        commands.sendAndWait(new ChangeTrafficAllocation(ExperimentKey.of(key), body.trafficPercent(), admin));
        return view(ExperimentKey.of(key));
    }

    /** An admin's lifecycle command on one experiment, answered with the experiment as it is now. */
    private ExperimentView act(String key, Function<ExperimentKey, Object> command) {
        ExperimentKey experiment = ExperimentKey.of(key);
        commands.sendAndWait(command.apply(experiment));
        return view(experiment);
    }

    private ExperimentView view(ExperimentKey key) {
        return queries.query(new FindExperiment(key), ResponseTypes.instanceOf(ExperimentView.class)).join();
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadableBody(Exception e) {
        return ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "the request body is not valid JSON of the documented shape");
    }
}
