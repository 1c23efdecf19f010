package dev.agis.http.ayet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code agis.ayet.*}: the ayeT S2S callback.
 *
 * @param apiKey           the publisher API key that signs callbacks ({@code AYET_API_KEY}); empty = every callback is refused
 * @param allowlist        the source-address allow-list
 * @param maxQueryLength   longest raw query string accepted (characters)
 * @param maxValueLength   longest single parameter value accepted (characters, decoded)
 * @param maxParameters    most parameters accepted
 * @param maxAmount        largest |currency_amount| accepted as well-formed; larger is malformed input
 * @param adslotTypes      adslot id → conversion type for analytics (e.g. {@code 1234: video}); others are {@code defaultType}
 * @param defaultType      type of a conversion whose adslot is not listed
 * @param timeoutMs        how long a command or query of the callback path may take before it counts as failed
 * @param inbox            the callback inbox and its workers
 */
@Validated
@ConfigurationProperties("agis.ayet")
public record AyetProperties(@DefaultValue("") String apiKey,
                             @DefaultValue @Valid Allowlist allowlist,
                             @DefaultValue("4096") @Min(1) int maxQueryLength,
                             @DefaultValue("512") @Min(1) int maxValueLength,
                             @DefaultValue("64") @Min(1) int maxParameters,
                             @DefaultValue("1000000000") @Min(1) long maxAmount,
                             @DefaultValue Map<String, String> adslotTypes,
                             @DefaultValue("offerwall") String defaultType,
                             @DefaultValue("10000") @Min(1) long timeoutMs,
                             @DefaultValue @Valid Inbox inbox) {

    /** ayeT's published callback server addresses (last list update 2025-01-30). */
    public static final List<String> AYET_ADDRESSES = List.of(
            "51.79.101.241", "158.69.185.134", "158.69.185.154", "35.165.166.40", "35.166.159.131", "52.40.3.140");

    public enum Enforcement {
        /** A callback from elsewhere is answered 403 and stores nothing. */
        REFUSE,
        /** A callback from elsewhere is recorded as flagged ({@code source_not_allowed}) and credits nothing until approved. */
        FLAG
    }

    /**
     * @param enabled           check the source address at all
     * @param enforcement       what happens to a callback from an address outside the list
     * @param addresses         allowed source addresses (default: ayeT's published list)
     * @param trustForwardedFor take the client address from {@code X-Forwarded-For} (only behind your own proxy)
     * @param trustedProxies    proxy addresses to skip in {@code X-Forwarded-For}; the right-most other hop is the client.
     *                          Empty = trust only the immediate peer.
     */
    public record Allowlist(@DefaultValue("false") boolean enabled,
                            @DefaultValue("REFUSE") Enforcement enforcement,
                            @DefaultValue({"51.79.101.241", "158.69.185.134", "158.69.185.154", "35.165.166.40",
                                    "35.166.159.131", "52.40.3.140"}) List<String> addresses,
                            @DefaultValue("false") boolean trustForwardedFor,
                            @DefaultValue List<String> trustedProxies) {
        public Allowlist {
            addresses = addresses == null ? AYET_ADDRESSES : List.copyOf(addresses);
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
            enforcement = enforcement == null ? Enforcement.REFUSE : enforcement;
        }
    }

    /**
     * {@code agis.ayet.inbox.*} (ADR 0050).
     *
     * @param workers      threads per instance that drain the inbox (0 = this instance only accepts callbacks)
     * @param batchSize    most callbacks one worker handles in one unit of work and transaction
     * @param pollInterval how long an idle worker waits before looking again (a callback accepted by this
     *                     instance wakes it at once; this bounds the wait for those accepted by others)
     * @param retryAfter   how long a callback that failed on its own waits before its next attempt
     * @param maxAge       readiness is DOWN while the oldest waiting callback is older than this
     */
    public record Inbox(@DefaultValue("2") @Min(0) int workers,
                        @DefaultValue("500") @Min(1) int batchSize,
                        @DefaultValue("100ms") @NotNull Duration pollInterval,
                        @DefaultValue("10s") @NotNull Duration retryAfter,
                        @DefaultValue("60s") @NotNull Duration maxAge) {
    }

    public AyetProperties {
        apiKey = apiKey == null ? "" : apiKey.trim();
        allowlist = allowlist == null ? new Allowlist(false, Enforcement.REFUSE, AYET_ADDRESSES, false, List.of()) : allowlist;
        adslotTypes = adslotTypes == null ? Map.of() : Map.copyOf(adslotTypes);
        defaultType = defaultType == null || defaultType.isBlank() ? "offerwall" : defaultType;
        inbox = inbox == null ? new Inbox(2, 500, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60)) : inbox;
    }
}
