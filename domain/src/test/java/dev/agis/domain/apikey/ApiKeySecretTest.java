package dev.agis.domain.apikey;

import dev.agis.domain.common.DomainException;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key format of SPEC §2.9 and its stored hash, with known-answer vectors. */
class ApiKeySecretTest {

    @Test
    void aKeyIsThePrefixAndTheUnpaddedBase64urlOf32RandomBytes() {
        String key = ApiKeySecret.generate();
        assertThat(key).startsWith("agis_").hasSize(5 + 43).doesNotContain("=", "+", "/");
        assertThat(Base64.getUrlDecoder().decode(key.substring(5))).hasSize(32);
        assertThat(ApiKeySecret.isWellFormed(key)).isTrue();
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeySecret.generate());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void theStoredHashIsLowercaseHexSha256() {
        // known answers computed independently: printf %s KEY | sha256sum
        assertThat(ApiKeySecret.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeySecret.hash("agis_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .isEqualTo("3c41bbc49da3e567d817227a4360023ee08911cf9853f8eb4e949d1941f10e37");
    }

    @Test
    void malformedKeysAreRecognised() {
        assertThat(ApiKeySecret.isWellFormed(null)).isFalse();
        assertThat(ApiKeySecret.isWellFormed("agis_short")).isFalse();
        assertThat(ApiKeySecret.isWellFormed("1234567890")).isFalse();
        assertThat(ApiKeySecret.isWellFormed("agis_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).isFalse();
    }

    @Test
    void scopesHaveWireNamesAndAdminHoldsThemAll() {
        assertThat(ApiScope.parseList("read:servers, write:servers")).containsExactly(ApiScope.READ_SERVERS, ApiScope.WRITE_SERVERS);
        assertThat(ApiScope.effective(EnumSet.of(ApiScope.ADMIN))).containsExactlyInAnyOrder(ApiScope.values());
        assertThat(ApiScope.effective(EnumSet.of(ApiScope.READ_STATS))).containsExactly(ApiScope.READ_STATS);
        assertThatThrownBy(() -> ApiScope.parseList("read:everything")).isInstanceOf(DomainException.class)
                .hasMessageContaining("read:everything");
    }
}
