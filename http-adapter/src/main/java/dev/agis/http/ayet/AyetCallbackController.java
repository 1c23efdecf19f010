package dev.agis.http.ayet;

import dev.agis.domain.conversion.AyetSignature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code GET /callbacks/ayet}: ayeT-Studios' server-to-server conversion callback (SPEC §2.2, §3.2).
 *
 * <p>A callback whose signature and parameters check out is stored in the inbox (ADR 0050) and
 * answered 200 once that row has committed; {@link CallbackInboxWorkers} records it. 200 again for a
 * resend (ayeT stops resending only on 200), 403 for a bad or missing signature or a refused source
 * address, 400 for malformed input, which stores nothing. Bodies are one short plain-text line and
 * never echo input. A failure of our own (database down) answers 503 so that ayeT resends later.
 */
@RestController
@Tag(name = "ayeT callback")
public class AyetCallbackController {

    /** Where ayeT sends its callbacks. */
    static final String PATH = "/callbacks/ayet";

    private static final Logger log = LoggerFactory.getLogger(AyetCallbackController.class);
    private final CallbackInbox inbox;
    /** Looked up once: a bean lookup per callback was a measurable part of answering one. */
    private final SingletonSupplier<CallbackInboxWorkers> workers;
    private final AyetProperties props;
    private final AyetMetrics metrics;

    public AyetCallbackController(CallbackInbox inbox, ObjectProvider<CallbackInboxWorkers> workers, AyetProperties props,
                                  AyetMetrics metrics) {
        this.inbox = inbox;
        this.workers = SingletonSupplier.of(workers::getIfAvailable);
        this.props = props;
        this.metrics = metrics;
        if (props.apiKey().isEmpty()) {
            log.warn("agis.ayet.api-key (AYET_API_KEY) is not set: every ayeT callback will be refused with 403");
        }
    }

    /** A short plain answer; {@code kind} is the metric status. */
    record Answer(HttpStatus status, String body, String kind) {
    }

    @GetMapping(value = AyetCallbackController.PATH, produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "ayeT-Studios S2S conversion callback",
            description = "Signed with X-Ayetstudios-Security-Hash (HMAC-SHA256 of the sorted, PHP-encoded query). "
                    + "Requires transaction_id, external_identifier, currency_amount; is_chargeback=1 or an r- prefix marks a reversal. "
                    + "See docs/ayet-integration.md.")
    @ApiResponse(responseCode = "200", description = "accepted (stored, recorded shortly after), or a resend of a callback still waiting")
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
        metrics.answered(answer.kind(), System.nanoTime() - start);
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
            metrics.fraud("source_not_allowed");
            log.warn("ayeT callback refused: source {} is not in the allow-list", source);
            return new Answer(HttpStatus.FORBIDDEN, "source not allowed", "refused");
        }
        AyetCallback callback;
        try {
            Map<String, String> params = AyetCallback.parameters(raw, props);
            if (!AyetSignature.matches(hash, AyetSignature.canonical(params), props.apiKey())) {
                metrics.fraud("invalid_signature");
                // raw query in the log helps to find canonicalisation mismatches; the key is never logged
                log.warn("ayeT callback with {} signature refused; query: {}", hash == null ? "a missing" : "a wrong", abbreviate(raw));
                return new Answer(HttpStatus.FORBIDDEN, "invalid signature", "forbidden");
            }
            callback = AyetCallback.of(params, props);
        } catch (AyetCallback.Malformed e) {
            return bad(e.getMessage());
        }
        if (!inbox.add(callback, raw, source, sourceAllowed)) {
            return new Answer(HttpStatus.OK, "OK duplicate", "duplicate");
        }
        CallbackInboxWorkers local = workers.get();
        if (local != null) {
            local.wake();
        }
        // "OK" for a stored callback, "OK duplicate" for a resend of one still waiting: ayeT only looks at the 200
        return new Answer(HttpStatus.OK, "OK", "accepted");
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
