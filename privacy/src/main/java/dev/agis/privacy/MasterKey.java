package dev.agis.privacy;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The master key (AES-256) that wraps the players' data keys with the JDK's AES key wrap
 * (RFC 3394, {@code AESWrap}): deterministic and integrity-checked, so a wrong master key or a
 * changed wrapped key fails instead of producing a wrong data key.
 */
public final class MasterKey {

    static final int KEY_BYTES = 32;
    /** Wrapped for the key check value: any fixed block does; all zeros is the usual choice. */
    private static final byte[] CHECK_BLOCK = new byte[KEY_BYTES];

    private final SecretKey key;

    public MasterKey(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes), was " + raw.length);
        }
        this.key = new SecretKeySpec(raw.clone(), "AES");
    }

    /** From base64 (standard or URL alphabet), as {@code AGIS_MASTER_KEY} holds it. */
    public static MasterKey fromBase64(String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not base64: " + e.getMessage());
        }
        return new MasterKey(raw);
    }

    /** A fresh random AES-256 key (for data keys and the development master key). */
    public static SecretKey newAesKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_BYTES * 8);
            return generator.generateKey();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] wrap(SecretKey dataKey) {
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.WRAP_MODE, key);
            return cipher.wrap(dataKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key wrap failed", e);
        }
    }

    /** The data key, or {@link Aead.TamperedException} when the wrapped bytes or the master key are not the ones used. */
    SecretKey unwrap(byte[] wrapped) {
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.UNWRAP_MODE, key);
            return (SecretKey) cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
        } catch (InvalidKeyException e) {
            throw new Aead.TamperedException("wrapped key does not unwrap (changed, or another master key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key unwrap failed", e);
        }
    }

    /** The key check value stored with the wrapped keys: the same for the same master key only. */
    byte[] checkValue() {
        return wrap(new SecretKeySpec(CHECK_BLOCK, "AES"));
    }

    boolean matches(byte[] storedCheckValue) {
        return Arrays.equals(checkValue(), storedCheckValue);
    }
}
