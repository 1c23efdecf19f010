package dev.agis.http.ayet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceAddressTest {

    private static AyetProperties.Allowlist config(boolean trust, List<String> proxies) {
        return new AyetProperties.Allowlist(true, AyetProperties.Enforcement.REFUSE, AyetProperties.AYET_ADDRESSES, trust, proxies);
    }

    @Test
    void forwardedHeadersAreIgnoredUnlessConfigured() {
        assertThat(SourceAddress.resolve("203.0.113.9", "51.79.101.241", config(false, List.of()))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindOneTrustedPeerTheRightMostHopIsTheClient() {
        // a forger prepends an ayeT address; our proxy appends the real one on the right
        assertThat(SourceAddress.resolve("10.0.0.2", "51.79.101.241, 203.0.113.9", config(true, List.of()))).isEqualTo("203.0.113.9");
        assertThat(SourceAddress.resolve("10.0.0.2", "203.0.113.9, 51.79.101.241", config(true, List.of()))).isEqualTo("51.79.101.241");
    }

    @Test
    void listedProxiesAreSkippedFromTheRight() {
        AyetProperties.Allowlist c = config(true, List.of("10.0.0.2", "10.0.0.3"));
        assertThat(SourceAddress.resolve("10.0.0.2", "51.79.101.241, 10.0.0.3", c)).isEqualTo("51.79.101.241");
        assertThat(SourceAddress.resolve("10.0.0.2", "1.2.3.4, 51.79.101.241, 10.0.0.3", c)).isEqualTo("51.79.101.241");
    }

    @Test
    void aHeaderFromAPeerThatIsNotOurProxyMeansNothing() {
        AyetProperties.Allowlist c = config(true, List.of("10.0.0.2"));
        assertThat(SourceAddress.resolve("198.51.100.7", "51.79.101.241", c)).isEqualTo("198.51.100.7");
    }

    @Test
    void theDefaultListIsAyetsPublishedAddresses() {
        assertThat(AyetProperties.AYET_ADDRESSES).containsExactly("51.79.101.241", "158.69.185.134", "158.69.185.154",
                "35.165.166.40", "35.166.159.131", "52.40.3.140");
    }
}
