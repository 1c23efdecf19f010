package dev.agis.privacy;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key wrapping (RFC 3394 AES key wrap) with its known answer, and that tampering or another master key fails. */
class PrivacyMasterKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String KEK = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Test
    void rfc3394Section4_6Wraps256BitsWithA256BitKek() {
        MasterKey master = new MasterKey(HEX.parseHex(KEK));
        SecretKey data = new SecretKeySpec(HEX.parseHex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f"), "AES");
        String wrapped = "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21";
        assertThat(HEX.formatHex(master.wrap(data))).isEqualTo(wrapped);
        assertThat(master.unwrap(HEX.parseHex(wrapped)).getEncoded()).isEqualTo(data.getEncoded());
    }

    @Test
    void aChangedWrappedKeyOrAnotherMasterKeyIsRefused() {
        MasterKey master = new MasterKey(HEX.parseHex(KEK));
        byte[] wrapped = master.wrap(MasterKey.newAesKey());
        for (int i = 0; i < wrapped.length; i++) {
            byte[] changed = wrapped.clone();
            changed[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> master.unwrap(changed)).isInstanceOf(Aead.TamperedException.class);
        }
        MasterKey other = new MasterKey(MasterKey.newAesKey().getEncoded());
        assertThatThrownBy(() -> other.unwrap(wrapped)).isInstanceOf(Aead.TamperedException.class);
    }

    @Test
    void theCheckValueTellsMasterKeysApart() {
        MasterKey master = new MasterKey(HEX.parseHex(KEK));
        MasterKey same = MasterKey.fromBase64(Base64.getEncoder().encodeToString(HEX.parseHex(KEK)));
        MasterKey other = new MasterKey(MasterKey.newAesKey().getEncoded());
        assertThat(same.matches(master.checkValue())).isTrue();
        assertThat(other.matches(master.checkValue())).isFalse();
    }

    @Test
    void onlyBase64Of32BytesIsAMasterKey() {
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThat(MasterKey.fromBase64(Base64.getUrlEncoder().encodeToString(HEX.parseHex(KEK))).matches(
                new MasterKey(HEX.parseHex(KEK)).checkValue())).isTrue();
    }
}
