package dev.agis.http.api.servers;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleCommands.CreateSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DeleteSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.EnableSchedule;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.schedule.ScheduleQueries.FindSchedules;
import dev.agis.domain.schedule.ScheduleQueries.ScheduleView;
import dev.agis.domain.schedule.ScheduleQueries.Schedules;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerQueries.FindServer;
import dev.agis.domain.server.ServerQueries.ServerView;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.RequiresScope;
import dev.agis.http.support.Page;
import dev.agis.http.support.PageRequest;
import dev.agis.http.support.QueryParams;
import dev.agis.domain.apikey.ApiScope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/** Schedules of the API key owner's servers (SPEC §2.5): reading needs {@code read:servers}, changing {@code write:servers}. */
@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "Schedules")
public class SchedulesController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public SchedulesController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record CreateScheduleRequest(@Schema(example = "3f1c9a52-7d7e-4d0b-9a55-0c2f5c1d8e11") String serverId,
                                        @Schema(example = "stop", allowableValues = {"start", "stop", "restart"}) String action,
                                        @Schema(example = "0 23 * * 1-5") String cron, @Schema(example = "Europe/Berlin") String timezone) {
    }

    public record ScheduleJson(String id, String scheduleId, String serverId, String action, String cron, String timezone,
                               boolean enabled, Instant nextRunAt, Instant lastRunAt, String lastStatus, String lastMessage,
                               String disabledReason, Instant createdAt) {
        static ScheduleJson of(ScheduleView v) {
            return new ScheduleJson(v.scheduleId().uuid(), v.scheduleId().value(), v.serverId().uuid(),
                    v.action().name().toLowerCase(Locale.ROOT), v.cron(), v.timeZone(), v.enabled(), v.nextRunAt(), v.lastRunAt(),
                    v.lastStatus(), v.lastMessage(), v.disabledReason(), v.createdAt());
        }
    }

    public record ScheduleActionJson(String id, String scheduleId, String status) {
    }

    @GetMapping
    @RequiresScope(ApiScope.READ_SERVERS)
    @Operation(summary = "My schedules", description = "Oldest first. Page with limit (1-100, default 20) and the nextCursor "
            + "of the previous page; filter by serverId and enabled (true or false).")
    public Page<ScheduleJson> list(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                   @RequestParam(required = false) String limit,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) String serverId,
                                   @RequestParam(required = false) String enabled) {
        AccountId me = caller.account();
        ServerId server = serverId == null || serverId.isBlank() ? null : ServersController.parseId(serverId);
        PageRequest page = PageRequest.of(limit, cursor).expectParts(2);
        List<ScheduleView> rows = queries.query(new FindSchedules(me, server, QueryParams.bool("enabled", enabled),
                page.afterInstant(0), page.afterString(1), page.fetchSize()), Schedules.class).join().schedules();
        return Page.of(rows, page, s -> new Object[]{s.createdAt(), s.scheduleId().value()}, ScheduleJson::of);
    }

    @PostMapping
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Create a schedule", description = "action: start, stop or restart; cron: 5 fields "
            + "(minute hour day-of-month month day-of-week, e.g. '0 8 * * 1-5'); timezone: IANA name, default UTC. "
            + "Each scheduled time runs at most once, across all instances.")
    public ResponseEntity<ScheduleActionJson> create(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                                     @RequestBody CreateScheduleRequest body) {
        AccountId me = caller.account();
        if (body == null || body.serverId() == null || body.action() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "serverId, action and cron are required");
        }
        ServerId server = ServersController.parseId(body.serverId());
        ServerView view = queries.query(new FindServer(server), ServerView.class).join();
        if (view == null) {
            throw new DomainException(ServerError.SERVER_NOT_FOUND, "no server " + server);
        }
        if (!view.owner().equals(me)) {
            throw new DomainException(ServerError.NOT_OWNER, me + " does not own server " + server);
        }
        ScheduleAction action;
        try {
            action = ScheduleAction.valueOf(body.action().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(ServerError.INVALID_ACTION, "action must be start, stop or restart, was '" + body.action() + "'");
        }
        ScheduleId id = ScheduleId.newId();
        commands.sendAndWait(new CreateSchedule(id, server, me, action, body.cron(), body.timezone(), caller.actor()));
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + id.uuid()))
                .body(new ScheduleActionJson(id.uuid(), id.value(), "enabled"));
    }

    @DeleteMapping("/{id}")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Delete a schedule")
    public ScheduleActionJson delete(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                     @PathVariable String id) {
        return act(caller, id, (scheduleId, me) -> new DeleteSchedule(scheduleId, me, caller.actor()), "deleted");
    }

    @PostMapping("/{id}/enable")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Enable a schedule")
    public ScheduleActionJson enable(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                     @PathVariable String id) {
        return act(caller, id, (scheduleId, me) -> new EnableSchedule(scheduleId, me, caller.actor()), "enabled");
    }

    @PostMapping("/{id}/disable")
    @RequiresScope(ApiScope.WRITE_SERVERS)
    @Operation(summary = "Disable a schedule")
    public ScheduleActionJson disable(@Parameter(hidden = true) @AuthenticationPrincipal ApiKeyPrincipal caller,
                                      @PathVariable String id) {
        return act(caller, id,
                (scheduleId, me) -> new DisableSchedule(scheduleId, me, caller.actor(), "disabled by owner"), "disabled");
    }

    private static ScheduleId parseId(String id) {
        return ScheduleId.of(id != null && id.startsWith("schedule:") ? id : "schedule:" + id);
    }

    /** The owner's command on one schedule; a schedule that does not exist is SCHEDULE_NOT_FOUND. */
    private ScheduleActionJson act(ApiKeyPrincipal caller, String id, BiFunction<ScheduleId, AccountId, Object> command, String state) {
        AccountId me = caller.account();
        ScheduleId scheduleId = parseId(id);
        try {
            commands.sendAndWait(command.apply(scheduleId, me));
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new DomainException(ServerError.SCHEDULE_NOT_FOUND, "no such schedule");
            }
            throw e;
        }
        return new ScheduleActionJson(scheduleId.uuid(), scheduleId.value(), state);
    }
}
