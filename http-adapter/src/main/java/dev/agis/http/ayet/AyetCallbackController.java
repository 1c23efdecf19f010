package dev.agis.http.ayet;

import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.ErrorCode;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.conversion.AyetSignature;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionCommands.RecordReversal;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionOutcome;
import dev.agis.domain.conversion.RewardFactors;
import dev.agis.domain.experiment.RewardMultiplierQuery.FindRewardMultiplier;
import dev.agis.domain.experiment.RewardMultiplierQuery.RewardMultiplier;
import dev.agis.domain.subscription.PlayerTierQuery.FindPlayerTier;
import dev.agis.domain.subscription.PlayerTierQuery.PlayerTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code GET /callbacks/ayet}: ayeT-Studios' server-to-server conversion callback (SPEC §2.2, §3.2).
 *
 * <p>200 for accepted, duplicate and flagged callbacks (ayeT stops resending only on 200), 403 for a
 * bad or missing signature or a refused source address, 400 for malformed input. A rejected callback
 * sends no command, so it stores nothing. Bodies are one short plain-text line and never echo input.
 * A failure of our own (database down) answers 503 so that ayeT resends later.
 */
@RestController
@Tag(name = "ayeT callback")
public class AyetCallbackController {

    private static final Logger log = LoggerFactory.getLogger(AyetCallbackController.class);
    static final String PROVIDER = "ayet";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,8})?");
    /** Callback parameters worth keeping for analytics and support (no device ids). */
    static final Set<String> RECORDED = Set.of("custom_1", "custom_2", "custom_3", "custom_4", "custom_5", "adslot_id",
            "placement_identifier", "offer_id", "offer_name", "payout_usd", "event_name", "callback_type",
            "chargeback_reason", "chargeback_date", "currency_identifier");
    /**
     * The recorded parameters that are personal data (free text the publisher or player filled in)
     * plus the source address: kept only for players with an {@code ads} consent (SPEC §2.2), and
     * then stored encrypted with the player's key (the events mark them {@code @PersonalData}).
     */
    static final Set<String> PERSONAL = Set.of("custom_1", "custom_2", "custom_3", "custom_4", "custom_5",
            "placement_identifier", "offer_name", "chargeback_reason", "source_ip");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AyetProperties props;
    // Meters are described once; each call only adds its tags (builders with SLO buckets per
    // request cost 6 % of the request threads' CPU). Histogram buckets only: Prometheus computes
    // the quantiles, client-side percentiles would cost a sliding-window update per callback.
    private final Meter.MeterProvider<Timer> latency;
    private final Meter.MeterProvider<Counter> conversions;
    private final Meter.MeterProvider<Counter> conversionsByTier;
    private final Meter.MeterProvider<Counter> fraudAttempts;

    public AyetCallbackController(CommandGateway commands, QueryGateway queries, AyetProperties props, MeterRegistry meters) {
        this.commands = commands;
        this.queries = queries;
        this.props = props;
        this.latency = Timer.builder("agis.ad.callback.latency").description("Time to answer an ad-network callback")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1))
                .withRegistry(meters);
        this.conversions = Counter.builder("agis.ad.conversions").description("Ad-network callbacks accepted, by outcome")
                .withRegistry(meters);
        this.conversionsByTier = Counter.builder("agis.ad.conversions.by.tier")
                .description("Conversions by the player's subscription tier").withRegistry(meters);
        this.fraudAttempts = Counter.builder("agis.ad.fraud.attempts").description("Callbacks refused or flagged by a fraud rule")
                .withRegistry(meters);
        if (props.apiKey().isEmpty()) {
            log.warn("agis.ayet.api-key (AYET_API_KEY) is not set: every ayeT callback will be refused with 403");
        }
    }

    /** A short plain answer; {@code kind} is the metric status. */
    record Answer(HttpStatus status, String body, String kind) {
    }

    @GetMapping(value = "/callbacks/ayet", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "ayeT-Studios S2S conversion callback",
            description = "Signed with X-Ayetstudios-Security-Hash (HMAC-SHA256 of the sorted, PHP-encoded query). "
                    + "Requires transaction_id, external_identifier, currency_amount; is_chargeback=1 or an r- prefix marks a reversal. "
                    + "See docs/ayet-integration.md.")
    @ApiResponse(responseCode = "200", description = "accepted, duplicate or flagged")
    @ApiResponse(responseCode = "400", description = "malformed callback; nothing stored")
    @ApiResponse(responseCode = "403", description = "bad or missing signature, or refused source address; nothing stored")
    @ApiResponse(responseCode = "503", description = "AGIS could not process it now; ayeT resends")
    public ResponseEntity<String> callback(HttpServletRequest request,
                                           @Parameter(hidden = true) @RequestHeader(name = AyetSignature.HEADER, required = false) String hash) {
        long start = System.nanoTime();
        Answer answer;
        try {
            answer = handle(request, hash);
        } catch (RuntimeException e) {
            log.error("ayeT callback failed unexpectedly", e);
            answer = new Answer(HttpStatus.SERVICE_UNAVAILABLE, "try again later", "error");
        }
        latency.withTags("provider", PROVIDER, "status", answer.kind()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return ResponseEntity.status(answer.status()).contentType(MediaType.TEXT_PLAIN).body(answer.body() + "\n");
    }

    private Answer handle(HttpServletRequest request, String hash) {
        String raw = request.getQueryString();
        if (raw != null && raw.length() > props.maxQueryLength()) {
            return bad("query too long");
        }
        AyetProperties.Allowlist allowlist = props.allowlist();
        String source = SourceAddress.resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), allowlist);
        boolean sourceAllowed = !allowlist.enabled() || allowlist.addresses().contains(source);
        if (!sourceAllowed && allowlist.enforcement() == AyetProperties.Enforcement.REFUSE) {
            fraud("source_not_allowed");
            log.warn("ayeT callback refused: source {} is not in the allow-list", source);
            return new Answer(HttpStatus.FORBIDDEN, "source not allowed", "refused");
        }
        Map<String, String> params;
        try {
            params = AyetSignature.parse(raw);
        } catch (AyetSignature.MalformedQueryException e) {
            return bad("malformed query string");
        }
        if (params.size() > props.maxParameters()) {
            return bad("too many parameters");
        }
        if (!AyetSignature.matches(hash, AyetSignature.canonical(params), props.apiKey())) {
            fraud("invalid_signature");
            // raw query in the log helps to find canonicalisation mismatches; the key is never logged
            log.warn("ayeT callback with {} signature refused; query: {}", hash == null ? "a missing" : "a wrong", abbreviate(raw));
            return new Answer(HttpStatus.FORBIDDEN, "invalid signature", "forbidden");
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!NAME.matcher(p.getKey()).matches()) {
                return bad("invalid parameter name");
            }
            if (p.getValue().length() > props.maxValueLength()) {
                return bad("parameter value too long");
            }
        }
        String tx = params.get("transaction_id");
        String player = params.get("external_identifier");
        String amountText = params.get("currency_amount");
        if (tx == null || tx.isEmpty()) {
            return bad("transaction_id missing");
        }
        if (player == null || player.isEmpty()) {
            return bad("external_identifier missing");
        }
        if (!PlayerId.isValid(player)) {
            return bad("external_identifier invalid");
        }
        PlayerId playerId = PlayerId.of(player);
        if (amountText == null || amountText.isEmpty()) {
            return bad("currency_amount missing");
        }
        if (!NUMBER.matcher(amountText).matches()) {
            return bad("currency_amount not a number");
        }
        BigDecimal amount = new BigDecimal(amountText);
        if (amount.abs().compareTo(BigDecimal.valueOf(props.maxAmount())) > 0) {
            return bad("currency_amount out of range");
        }
        String chargeback = params.getOrDefault("is_chargeback", "0");
        if (!chargeback.equals("0") && !chargeback.equals("1") && !chargeback.isEmpty()) {
            return bad("is_chargeback must be 0 or 1");
        }
        boolean reversal = chargeback.equals("1") || tx.startsWith("r-");
        String original = tx.startsWith("r-") ? tx.substring(2) : tx;
        if (!ConversionId.TRANSACTION_ID.matcher(original).matches() || tx.length() > 130) {
            return bad("transaction_id invalid");
        }
        ConversionId id = ConversionId.ayet(original);
        boolean keepPersonal = adsConsent(playerId);
        Map<String, String> details = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (RECORDED.contains(k) && !v.isEmpty() && (keepPersonal || !PERSONAL.contains(k))) {
                details.put(k, v);
            }
        });
        if (keepPersonal && source != null && !source.isEmpty()) {
            details.put("source_ip", source);
        }
        String type = reversal ? "reversal" : props.adslotTypes().getOrDefault(params.getOrDefault("adslot_id", ""), props.defaultType());
        try {
            if (reversal) {
                if (amount.signum() > 0) {
                    return bad("currency_amount of a reversal must not be positive");
                }
                ConversionOutcome outcome = commands.sendAndWait(new RecordReversal(id, tx, playerId, amount,
                        keepPersonal ? params.get("chargeback_reason") : null, details), props.timeoutMs(), TimeUnit.MILLISECONDS);
                return accepted(outcome, type, null);
            }
            if (amount.signum() < 0) {
                return bad("currency_amount of a conversion must not be negative");
            }
            RewardFactors factors = factorsOf(playerId);
            ConversionOutcome outcome = commands.sendAndWait(new RecordConversion(id, tx, playerId, type, amount, factors,
                    sourceAllowed, details), props.timeoutMs(), TimeUnit.MILLISECONDS);
            return accepted(outcome, type, factors.tier());
        } catch (RuntimeException e) {
            DomainErrorDetails error = Failures.domainError(e).orElseThrow(() -> e);
            if (error.category() == ErrorCode.Category.INVALID) {
                return bad(error.code().toLowerCase());
            }
            throw e;
        }
    }

    /** Tier and experiment multipliers, resolved before the command so the aggregate stays deterministic. */
    private RewardFactors factorsOf(PlayerId player) {
        PlayerTier tier = orDefault(queries.query(new FindPlayerTier(player), PlayerTier.class), PlayerTier.FREE);
        RewardMultiplier experiment = orDefault(queries.query(new FindRewardMultiplier(player), RewardMultiplier.class),
                RewardMultiplier.NONE);
        return new RewardFactors(tier.tier(), tier.rewardMultiplier(), experiment.multiplier(), experiment.experimentKey(),
                experiment.variant());
    }

    /** Whether the player agreed to {@code ads}; no consent context deployed means no consent. */
    private boolean adsConsent(PlayerId player) {
        CurrentConsent consent = orDefault(queries.query(new FindCurrentConsent(player), CurrentConsent.class),
                new CurrentConsent(player, List.of()));
        return consent.granted(ConsentPurpose.ADS);
    }

    /** A context that is not deployed (no handler) means its neutral answer; any other failure is ours (503). */
    private <T> T orDefault(CompletableFuture<T> answer, T fallback) {
        try {
            T value = answer.get(props.timeoutMs(), TimeUnit.MILLISECONDS);
            return value == null ? fallback : value;
        } catch (java.util.concurrent.ExecutionException | NoHandlerForQueryException e) {
            if (Failures.isNoHandler(e)) {
                return fallback;
            }
            throw new IllegalStateException("reward factor query failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("reward factor query timed out", e);
        }
    }

    private Answer accepted(ConversionOutcome outcome, String type, String tier) {
        String status = outcome.status().name().toLowerCase();
        conversions.withTags("provider", PROVIDER, "type", type, "status", status).increment();
        if (outcome.status() == ConversionOutcome.Status.FLAGGED) {
            outcome.flagReasons().forEach(this::fraud);
            log.warn("SECURITY conversion {} flagged: {}", outcome.conversionId(), outcome.flagReasons());
        }
        if (tier != null && (outcome.status() == ConversionOutcome.Status.REWARDED || outcome.status() == ConversionOutcome.Status.FLAGGED)) {
            conversionsByTier.withTags("tier", tier).increment();
        }
        // "OK" for a fresh credit, otherwise "OK <outcome>": ayeT only looks at the 200, operators and the bench read the word
        return new Answer(HttpStatus.OK, outcome.status() == ConversionOutcome.Status.REWARDED ? "OK" : "OK " + status, status);
    }

    private void fraud(String reason) {
        fraudAttempts.withTags("provider", PROVIDER, "reason", reason).increment();
    }

    private static Answer bad(String why) {
        return new Answer(HttpStatus.BAD_REQUEST, "bad request: " + why, "invalid");
    }

    private static String abbreviate(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
    }
}
