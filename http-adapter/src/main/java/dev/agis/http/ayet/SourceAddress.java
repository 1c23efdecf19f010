package dev.agis.http.ayet;

import java.util.ArrayList;
import java.util.List;

/**
 * The client address of a request. {@code X-Forwarded-For} is attacker-controlled except for the
 * hops our own proxies appended, so it is read only when configured, from the right, skipping our
 * proxies: the right-most address that is not one of ours is the client.
 */
final class SourceAddress {

    private SourceAddress() {
    }

    static String resolve(String remoteAddr, String forwardedFor, AyetProperties.Allowlist config) {
        if (!config.trustForwardedFor() || forwardedFor == null || forwardedFor.isBlank()) {
            return remoteAddr;
        }
        List<String> trusted = config.trustedProxies();
        if (!trusted.isEmpty() && !trusted.contains(remoteAddr)) {
            return remoteAddr; // not from our proxy: its header means nothing
        }
        List<String> hops = new ArrayList<>();
        for (String hop : forwardedFor.split(",")) {
            if (!hop.isBlank()) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (trusted.isEmpty() || !trusted.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? remoteAddr : hops.get(0);
    }
}
