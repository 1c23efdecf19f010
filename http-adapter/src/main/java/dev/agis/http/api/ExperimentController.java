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
import dev.agis.http.support.LegacyBearer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Experiments over HTTP: read-only list, detail, results and assignment; admin commands only while
 * the temporary {@code agis.api.legacy-bearer} switch is on (to be replaced by API keys).
 */
@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments")
public class ExperimentController {

    private static final Pattern BEARER = Pattern.compile("Bearer ([0-9A-Za-z_\\-]{1,64})");

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final LegacyBearer legacyBearer;

    public ExperimentController(QueryGateway queries, CommandGateway commands,
                                LegacyBearer legacyBearer) {
        this.queries = queries;
        this.commands = commands;
        this.legacyBearer = legacyBearer;
    }

    // --- reads -------------------------------------------------------------------------------

    @GetMapping
    @Operation(summary = "List experiments", description = "Newest first (at most 500); optional status filter.")
    public CompletableFuture<List<ExperimentView>> list(@RequestParam(required = false) ExperimentStatus status) {
        return queries.query(new ListExperiments(status), ResponseTypes.instanceOf(ExperimentList.class))
                .thenApply(ExperimentList::experiments);
    }

    @GetMapping("/{key}")
    @Operation(summary = "One experiment's definition and lifecycle")
    public CompletableFuture<ExperimentView> detail(@PathVariable String key) {
        return queries.query(new FindExperiment(ExperimentKey.of(key)), ResponseTypes.instanceOf(ExperimentView.class));
    }

    @GetMapping("/{key}/results")
    @Operation(summary = "Results per variant",
            description = "Players, conversions, conversion rate, GC per player, lift vs control with two-sided p-values and "
                    + "confidence intervals (two-proportion z-test for the rate, Welch's t-test for GC per player), "
                    + "significance at the experiment's alpha, and the sample-ratio-mismatch check (chi-square, flagged when p < 0.001).")
    public CompletableFuture<ExperimentResults> results(@PathVariable String key) {
        return queries.query(new FindExperimentResults(ExperimentKey.of(key)), ResponseTypes.instanceOf(ExperimentResults.class));
    }

    @GetMapping("/{key}/assignments/{playerId}")
    @Operation(summary = "Which variant a player gets", description = "Side-effect free: records no exposure.")
    public CompletableFuture<PlayerAssignment> assignment(@PathVariable String key, @PathVariable String playerId) {
        FindAssignment query = new FindAssignment(ExperimentKey.of(key), PlayerId.parse(playerId, ExperimentError.INVALID_PLAYER));
        return queries.query(query, ResponseTypes.instanceOf(PlayerAssignment.class));
    }

    // --- admin commands (temporary legacy bearer) ----------------------------------------------

    public record VariantRequest(String name, int weight, JsonNode config) {
    }

    public record CreateExperimentRequest(String key, String description, String hypothesis, List<VariantRequest> variants,
                                          String controlVariant, Integer trafficPercent, ExperimentMetric primaryMetric,
                                          Double alpha) {
    }

    public record TrafficRequest(Integer trafficPercent) {
    }

    @PostMapping
    @Operation(summary = "Create an experiment (admin)",
            description = "Only when agis.api.legacy-bearer=true, with 'Authorization: Bearer <discord-user-id>'. "
                    + "Temporary: to be replaced by API keys.")
    public ResponseEntity<?> create(@Parameter(hidden = true) @RequestHeader(value = "Authorization", required = false) String authorization,
                                    @RequestBody CreateExperimentRequest body) {
        Actor admin = admin(authorization);
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
    @Operation(summary = "Start an experiment (admin)", description = "Temporary legacy bearer auth, see create.")
    public ExperimentView start(@Parameter(hidden = true) @RequestHeader(value = "Authorization", required = false) String authorization,
                                @PathVariable String key) {
        return act(key, k -> new StartExperiment(k, admin(authorization)));
    }

    @PostMapping("/{key}/stop")
    @Operation(summary = "Stop (complete) an experiment (admin)", description = "Temporary legacy bearer auth, see create.")
    public ExperimentView stop(@Parameter(hidden = true) @RequestHeader(value = "Authorization", required = false) String authorization,
                               @PathVariable String key) {
        return act(key, k -> new StopExperiment(k, admin(authorization)));
    }

    @PostMapping("/{key}/archive")
    @Operation(summary = "Archive an experiment (admin)", description = "Temporary legacy bearer auth, see create.")
    public ExperimentView archive(@Parameter(hidden = true) @RequestHeader(value = "Authorization", required = false) String authorization,
                                  @PathVariable String key) {
        return act(key, k -> new ArchiveExperiment(k, admin(authorization)));
    }

    @PutMapping("/{key}/traffic")
    @Operation(summary = "Change the traffic allocation (admin)", description = "While running it may only grow. Temporary legacy bearer auth, see create.")
    public ExperimentView traffic(@Parameter(hidden = true) @RequestHeader(value = "Authorization", required = false) String authorization,
                                 @PathVariable String key, @RequestBody TrafficRequest body) {
        Actor admin = admin(authorization);
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

    private Actor admin(String authorization) {
        if (!legacyBearer.enabled()) {
            throw new AdminApiException(HttpStatus.FORBIDDEN, "ADMIN_API_DISABLED",
                    "experiment administration over HTTP is disabled (agis.api.legacy-bearer=false)");
        }
        Matcher m = authorization == null ? null : BEARER.matcher(authorization.strip());
        if (m == null || !m.matches()) {
            throw new AdminApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "send 'Authorization: Bearer <discord-user-id>'");
        }
        return Actor.admin(m.group(1));
    }

    /** An auth failure of the temporary admin endpoints. */
    static final class AdminApiException extends RuntimeException {
        final HttpStatus status;
        final String code;

        AdminApiException(HttpStatus status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadableBody(Exception e) {
        return ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "the request body is not valid JSON of the documented shape");
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(AdminApiException.class)
    ResponseEntity<?> adminFailure(AdminApiException e) {
        return ApiExceptionHandler.problem(e.status, e.code, e.getMessage());
    }
}
