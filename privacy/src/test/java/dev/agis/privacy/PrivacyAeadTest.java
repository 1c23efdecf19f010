package dev.agis.privacy;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AES-256-GCM known answers from the GCM specification's test vectors (McGrew and Viega, "The
 * Galois/Counter Mode of Operation", test cases 13–16, as used in NIST's GCM validation), and
 * that a changed byte, key or associated data never opens.
 */
class PrivacyAeadTest {

    private static final HexFormat HEX = HexFormat.of();

    private static SecretKey key(String hex) {
        return new SecretKeySpec(HEX.parseHex(hex), "AES");
    }

    @Test
    void testCase13EmptyPlaintextGivesTheKnownTag() {
        byte[] out = Aead.encrypt(key("00".repeat(32)), new byte[12], new byte[0], new byte[0]);
        assertThat(HEX.formatHex(out)).isEqualTo("530f8afbc74536b9a963b4f1c4cb738b");
    }

    @Test
    void testCase14OneZeroBlock() {
        byte[] out = Aead.encrypt(key("00".repeat(32)), new byte[12], new byte[0], new byte[16]);
        assertThat(HEX.formatHex(out)).isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
    }

    private static final String K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private static final String IV15 = "cafebabefacedbaddecaf888";
    private static final String P15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String C15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    @Test
    void testCase15FourBlocks() {
        byte[] out = Aead.encrypt(key(K15), HEX.parseHex(IV15), new byte[0], HEX.parseHex(P15));
        assertThat(HEX.formatHex(out)).isEqualTo(C15 + "b094dac5d93471bdec1a502270e3cc6c");
    }

    @Test
    void testCase16WithAssociatedDataEncryptsAndDecrypts() {
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        String p16 = P15.substring(0, 120);
        String expected = C15.substring(0, 120) + "76fc6ece0f4e1768cddf8853bb2d551b";
        assertThat(HEX.formatHex(Aead.encrypt(key(K15), HEX.parseHex(IV15), aad, HEX.parseHex(p16)))).isEqualTo(expected);
        assertThat(HEX.formatHex(Aead.decrypt(key(K15), HEX.parseHex(IV15), aad, HEX.parseHex(expected)))).isEqualTo(p16);
    }

    @Test
    void sealedValuesOpenAndUseAFreshNonceEachTime() {
        SecretKey key = MasterKey.newAesKey();
        byte[] aad = "kid".getBytes(StandardCharsets.UTF_8);
        byte[] a = Aead.seal(key, aad, "ZEBRA".getBytes(StandardCharsets.UTF_8));
        byte[] b = Aead.seal(key, aad, "ZEBRA".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(Aead.open(key, aad, a), StandardCharsets.UTF_8)).isEqualTo("ZEBRA");
    }

    @Test
    void anyChangedByteIsRefused() {
        SecretKey key = MasterKey.newAesKey();
        byte[] aad = "kid".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = Aead.seal(key, aad, "ZEBRA-SECRET-TEXT".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            assertThatThrownBy(() -> Aead.open(key, aad, changed)).isInstanceOf(Aead.TamperedException.class);
        }
    }

    @Test
    void anotherKeyOrAssociatedDataOrATruncatedValueIsRefused() {
        SecretKey key = MasterKey.newAesKey();
        byte[] sealed = Aead.seal(key, "kid-1".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Aead.open(MasterKey.newAesKey(), "kid-1".getBytes(StandardCharsets.UTF_8), sealed))
                .isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> Aead.open(key, "kid-2".getBytes(StandardCharsets.UTF_8), sealed))
                .isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> Aead.open(key, "kid-1".getBytes(StandardCharsets.UTF_8), new byte[20]))
                .isInstanceOf(Aead.TamperedException.class);
    }
}
