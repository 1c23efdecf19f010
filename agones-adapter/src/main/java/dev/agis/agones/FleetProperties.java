package dev.agis.agones;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Which fleet runs the game servers ({@code agis.fleet.*}; the Agones settings are
 * {@link AgonesProperties}).
 *
 * @param mode           {@code local} (simulated servers on loopback, the embedded default) or {@code agones}
 * @param reconcileEvery how often AGIS's running servers are compared with the fleet
 * @param local          the local fleet's address and port range
 */
@Validated
@ConfigurationProperties("agis.fleet")
public record FleetProperties(@DefaultValue("local") @Pattern(regexp = "local|agones", message = "must be local or agones") String mode,
                              @DefaultValue("PT1M") @NotNull Duration reconcileEvery,
                              @DefaultValue @Valid Local local) {

    /**
     * @param address   the address the local game servers report
     * @param firstPort first port handed out
     * @param lastPort  last port handed out
     */
    public record Local(@DefaultValue("127.0.0.1") @NotBlank String address,
                        @DefaultValue("7000") @Min(1) @Max(65535) int firstPort,
                        @DefaultValue("7999") @Min(1) @Max(65535) int lastPort) {
    }
}
