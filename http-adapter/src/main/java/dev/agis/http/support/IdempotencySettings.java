package dev.agis.http.support;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code agis.api.idempotency.*}: stored first answers of POSTs sent with an {@code Idempotency-Key}.
 *
 * @param retention      how long a key's first answer is kept (a retry later than this runs again)
 * @param abandonedAfter a first request that has not answered after this long is taken to have
 *                       died with its instance, and the next request with the key runs instead
 * @param maxBody        the largest request body a keyed POST may send (413 above it)
 * @param purgeInterval  how often each instance deletes expired answers
 */
@Validated
@ConfigurationProperties("agis.api.idempotency")
public record IdempotencySettings(@NotNull @DefaultValue("24h") Duration retention,
                                  @NotNull @DefaultValue("2m") Duration abandonedAfter,
                                  @NotNull @DefaultValue("1MB") DataSize maxBody,
                                  @NotNull @DefaultValue("10m") Duration purgeInterval) {
}
