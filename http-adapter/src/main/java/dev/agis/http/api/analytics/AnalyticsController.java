package dev.agis.http.api.analytics;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.analytics.AnalyticsQueries.ConversionBreakdown;
import dev.agis.domain.analytics.AnalyticsQueries.EarningWindow;
import dev.agis.domain.analytics.AnalyticsQueries.FindConversionBreakdown;
import dev.agis.domain.analytics.AnalyticsQueries.FindFraudRate;
import dev.agis.domain.analytics.AnalyticsQueries.FindRevenueByHour;
import dev.agis.domain.analytics.AnalyticsQueries.FindTopEarners;
import dev.agis.domain.analytics.AnalyticsQueries.FindTopTreasuries;
import dev.agis.domain.analytics.AnalyticsQueries.FindTreasurySummary;
import dev.agis.domain.analytics.AnalyticsQueries.FraudRate;
import dev.agis.domain.analytics.AnalyticsQueries.GroupKey;
import dev.agis.domain.analytics.AnalyticsQueries.RevenueByHour;
import dev.agis.domain.analytics.AnalyticsQueries.TopEarners;
import dev.agis.domain.analytics.AnalyticsQueries.TopTreasuries;
import dev.agis.domain.analytics.AnalyticsQueries.TreasurySummary;
import dev.agis.domain.analytics.TimeRange;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentResults;
import dev.agis.domain.experiment.ExperimentQueries.FindExperimentResults;
import dev.agis.http.api.analytics.AnalyticsRows.ConversionRow;
import dev.agis.http.api.analytics.AnalyticsRows.EarnerRow;
import dev.agis.http.api.analytics.AnalyticsRows.ExperimentResultsTable;
import dev.agis.http.api.analytics.AnalyticsRows.RevenueRow;
import dev.agis.http.api.analytics.AnalyticsRows.TreasuryRow;
import dev.agis.http.api.analytics.AnalyticsRows.TreasuryTotalRow;
import dev.agis.http.security.RequiresScope;
import dev.agis.http.support.CsvMessageConverter;
import dev.agis.http.support.Page;
import dev.agis.http.support.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The read-only analytics API (scope {@code read:analytics}): reports over the read models, each as
 * JSON or, with {@code Accept: text/csv}, as CSV for spreadsheets. Time ranges are
 * {@code from}/{@code to} in ISO-8601 (an instant, or a date meaning its UTC midnight), half-open,
 * at most {@value TimeRange#MAX_DAYS} days; lists page with {@code limit}/{@code cursor}.
 */
@RestController
@RequestMapping(path = "/api/v1/analytics", produces = {MediaType.APPLICATION_JSON_VALUE, CsvMessageConverter.TEXT_CSV_VALUE})
@Tag(name = "Analytics", description = "Read-only reports for analysts. Every operation answers JSON, or CSV with `Accept: text/csv`.")
public class AnalyticsController {

    /** Reports page larger than other lists: a spreadsheet wants many rows per request. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** A report without {@code from} covers this much before {@code to}. */
    static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    private static final String RANGE = "Range: `from` (inclusive) and `to` (exclusive), ISO-8601 instants or dates (UTC midnight); "
            + "`to` defaults to now, `from` to 30 days before `to`; at most 366 days (400 INVALID_ARGUMENT otherwise). ";
    private static final String PAGED = "Paged: `limit` 1–1000 (default 100) and `cursor` (the previous page's `nextCursor`; "
            + "a `Link: <…>; rel=\"next\"` header names the next page in both representations). ";

    private final QueryGateway queries;
    private final Clock clock;

    public AnalyticsController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    // --- treasuries -------------------------------------------------------------------------------

    @GetMapping("/treasury")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Credits held per account kind",
            description = "All players' wallets (`USER`) and guilds' treasuries (`GUILD`) as they are now: accounts, balance and held credits.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    [{"kind":"USER","accounts":1200,"balance":845000,"held":1200},{"kind":"GUILD","accounts":40,"balance":91000,"held":0}]""")),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    kind,accounts,balance,held
                    USER,1200,845000,1200
                    GUILD,40,91000,0"""))})
    public CompletableFuture<List<TreasuryTotalRow>> treasury() {
        return queries.query(new FindTreasurySummary(), ResponseTypes.instanceOf(TreasurySummary.class))
                .thenApply(summary -> summary.totals().stream().map(TreasuryTotalRow::of).toList());
    }

    @GetMapping("/treasury/top")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Guild treasuries with the most credits",
            description = PAGED + "Largest balance first; ties share a rank and are ordered by account id.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"items":[{"rank":1,"accountId":"account:guild:555","guildId":"555","balance":52000,"held":0,"movements":31}],
                     "nextCursor":"MR81MjAwMB9hY2NvdW50Omd1aWxkOjU1NQ"}""")),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    rank,accountId,guildId,balance,held,movements
                    1,account:guild:555,555,52000,0,31"""))})
    public CompletableFuture<ResponseEntity<Page<TreasuryRow>>> topTreasuries(@RequestParam(required = false) String limit,
                                                                             @RequestParam(required = false) String cursor) {
        PageRequest page = page(limit, cursor, 2);
        AccountId afterAccount = page.first() ? null : AccountId.of(page.afterString(1));
        UriComponentsBuilder next = ServletUriComponentsBuilder.fromCurrentRequest();
        return queries.query(new FindTopTreasuries(page.afterLong(0), afterAccount, page.fetchSize()),
                        ResponseTypes.instanceOf(TopTreasuries.class))
                .thenApply(top -> paged(next, Page.of(top.treasuries(), page, t -> new Object[]{t.balance().value(), t.accountId().value()},
                        TreasuryRow::of)));
    }

    // --- experiments ------------------------------------------------------------------------------

    @GetMapping("/experiments/{key}/results")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "An experiment's results per variant",
            description = "The same answer as `GET /api/v1/experiments/{key}/results`: players, conversions, rates, GC per player, "
                    + "lift vs control with p-values and confidence intervals, and the sample-ratio check. "
                    + "With `Accept: text/csv` one row per variant, the control first.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ExperimentResults.class)),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    experiment,variant,control,weight,players,converters,conversions,conversionRate,gcTotal,gcPerPlayer,conversionLift,conversionPValue,conversionSignificant,gcPerPlayerLift,gcPerPlayerPValue,gcPerPlayerSignificant
                    bonus-test,control,true,50,1000,120,150,0.12,30000,30.0,,,false,,,false
                    bonus-test,double,false,50,1010,160,200,0.158,41000,40.6,0.32,0.011,true,0.35,0.02,true"""))})
    public CompletableFuture<ExperimentResultsTable> experimentResults(@PathVariable String key) {
        return queries.query(new FindExperimentResults(ExperimentKey.of(key)), ResponseTypes.instanceOf(ExperimentResults.class))
                .thenApply(ExperimentResultsTable::new);
    }

    // --- conversions ------------------------------------------------------------------------------

    @GetMapping("/conversions")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Conversions by day, provider, type, tier and status",
            description = RANGE + PAGED + "Per UTC day of recording: conversions, credits credited and credits reversed.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"items":[{"day":"2026-12-01","provider":"ayet","type":"offer","tier":"free","status":"rewarded",
                    "conversions":42,"rewardCredited":12600,"reversed":0}],"nextCursor":null}""")),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    day,provider,type,tier,status,conversions,rewardCredited,reversed
                    2026-12-01,ayet,offer,free,rewarded,42,12600,0"""))})
    public CompletableFuture<ResponseEntity<Page<ConversionRow>>> conversions(
            @Parameter(example = "2026-11-01") @RequestParam(required = false) String from,
            @Parameter(example = "2026-12-01T00:00:00Z") @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        TimeRange range = range(from, to);
        PageRequest page = page(limit, cursor, 5);
        GroupKey after = page.first() ? null : new GroupKey(LocalDate.ofInstant(page.afterInstant(0), ZoneOffset.UTC), page.afterString(1), page.afterString(2),
                page.afterString(3), page.afterString(4));
        UriComponentsBuilder next = ServletUriComponentsBuilder.fromCurrentRequest();
        return queries.query(new FindConversionBreakdown(range, after, page.fetchSize()), ResponseTypes.instanceOf(ConversionBreakdown.class))
                .thenApply(b -> paged(next, Page.of(b.groups(), page, g -> new Object[]{g.key().day().atStartOfDay().toInstant(ZoneOffset.UTC), g.key().provider(), g.key().type(),
                        g.key().tier(), g.key().status()}, ConversionRow::of)));
    }

    @GetMapping("/revenue")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Ad-network revenue per hour",
            description = RANGE + PAGED + "Sum of the callbacks' `payout_usd` per UTC hour of recording; `netPayoutUsd` leaves out "
                    + "conversions reversed since. Hours without conversions are left out.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"items":[{"hour":"2026-12-01T14:00:00Z","conversions":42,"grossPayoutUsd":15.12,"netPayoutUsd":14.76}],"nextCursor":null}""")),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    hour,conversions,grossPayoutUsd,netPayoutUsd
                    2026-12-01T14:00:00Z,42,15.12,14.76"""))})
    public CompletableFuture<ResponseEntity<Page<RevenueRow>>> revenue(
            @Parameter(example = "2026-11-01") @RequestParam(required = false) String from,
            @Parameter(example = "2026-12-01T00:00:00Z") @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        TimeRange range = range(from, to);
        PageRequest page = page(limit, cursor, 1);
        UriComponentsBuilder next = ServletUriComponentsBuilder.fromCurrentRequest();
        return queries.query(new FindRevenueByHour(range, page.afterInstant(0), page.fetchSize()), ResponseTypes.instanceOf(RevenueByHour.class))
                .thenApply(r -> paged(next, Page.of(r.hours(), page, h -> new Object[]{h.hour()}, RevenueRow::of)));
    }

    @GetMapping("/top-earners")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Players who earned the most credits",
            description = PAGED + "Credits credited for conversions recorded in the last 24 h, 7 d or 30 d (`window`), most first; "
                    + "ties share a rank. Later pages rank the first page's window, however long paging takes.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"items":[{"rank":1,"playerId":"123456789012345678","earned":4200,"conversions":12,
                    "from":"2026-11-25T14:03:00Z","to":"2026-12-02T14:03:00Z"}],"nextCursor":null}""")),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    rank,playerId,earned,conversions,from,to
                    1,123456789012345678,4200,12,2026-11-25T14:03:00Z,2026-12-02T14:03:00Z"""))})
    public CompletableFuture<ResponseEntity<Page<EarnerRow>>> topEarners(
            @Parameter(schema = @Schema(allowableValues = {"24h", "7d", "30d"}))
            @RequestParam(defaultValue = "7d") String window,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        EarningWindow w = EarningWindow.parse(window);
        PageRequest page = page(limit, cursor, 3);
        PlayerId afterPlayer = page.first() ? null : PlayerId.of(page.afterString(2));
        UriComponentsBuilder next = ServletUriComponentsBuilder.fromCurrentRequest();
        return queries.query(new FindTopEarners(w, page.afterInstant(0), page.afterLong(1), afterPlayer, page.fetchSize()),
                        ResponseTypes.instanceOf(TopEarners.class))
                .thenApply(top -> paged(next, Page.of(top.earners(), page, e -> new Object[]{top.to(), e.earned().value(), e.playerId().value()},
                        e -> EarnerRow.of(e, top))));
    }

    @GetMapping("/fraud")
    @RequiresScope(ApiScope.READ_ANALYTICS)
    @Operation(summary = "Fraud rate",
            description = RANGE + "Of the conversions recorded in the range: how many the fraud rules flagged, how many still wait for "
                    + "review, were approved or rejected, and the flagged and rejected shares.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z","conversions":1000,"flagged":25,"pending":5,
                    "approved":12,"rejected":8,"flaggedShare":0.025,"rejectedShare":0.008}""")),
            @Content(mediaType = CsvMessageConverter.TEXT_CSV_VALUE, examples = @ExampleObject(value = """
                    from,to,conversions,flagged,pending,approved,rejected,flaggedShare,rejectedShare
                    2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,1000,25,5,12,8,0.025,0.008"""))})
    public CompletableFuture<FraudRate> fraud(@Parameter(example = "2026-11-01") @RequestParam(required = false) String from,
                                              @Parameter(example = "2026-12-01") @RequestParam(required = false) String to) {
        return queries.query(new FindFraudRate(range(from, to)), ResponseTypes.instanceOf(FraudRate.class));
    }

    // --- parameters -------------------------------------------------------------------------------

    private TimeRange range(String from, String to) {
        Instant end = to == null || to.isBlank() ? clock.instant() : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_SPAN) : instant("from", from);
        return new TimeRange(start, end);
    }

    /** An ISO-8601 instant (with Z or an offset) or a date, meaning its midnight in UTC. */
    private static Instant instant(String name, String text) {
        String value = text.strip();
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new DomainException(CommonError.INVALID_ARGUMENT,
                    "'" + name + "' must be an ISO-8601 date (2026-12-01) or instant (2026-12-01T10:00:00Z)");
        }
    }

    private static PageRequest page(String limit, String cursor, int keyParts) {
        return PageRequest.of(limit, cursor, DEFAULT_LIMIT, MAX_LIMIT).expectParts(keyParts);
    }

    /** The page, with a {@code Link} to the next one (the request with the cursor replaced). */
    private static <T> ResponseEntity<Page<T>> paged(UriComponentsBuilder request, Page<T> page) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (page.nextCursor() != null) {
            ok.header(HttpHeaders.LINK, "<" + request.replaceQueryParam("cursor", page.nextCursor()).build().toUriString() + ">; rel=\"next\"");
        }
        return ok.body(page);
    }
}
