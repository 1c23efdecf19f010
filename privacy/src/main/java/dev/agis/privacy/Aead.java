package dev.agis.privacy;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-256-GCM from the JDK ({@code AES/GCM/NoPadding}): a fresh random 96-bit nonce per value, a
 * 128-bit tag, and associated data that binds a ciphertext to where it belongs (the key id), so
 * a ciphertext copied under another key id does not open.
 */
public final class Aead {

    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aead() {
    }

    /** nonce ‖ ciphertext ‖ tag. */
    static byte[] seal(SecretKey key, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = encrypt(key, nonce, associatedData, plaintext);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    /** Opens what {@link #seal} made; a changed byte, key or associated data fails with {@link TamperedException}. */
    static byte[] open(SecretKey key, byte[] associatedData, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new TamperedException("encrypted value too short");
        }
        return decrypt(key, Arrays.copyOf(sealed, NONCE_BYTES), associatedData,
                Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length));
    }

    /** ciphertext ‖ tag with the given nonce (exposed for known-answer tests; use {@link #seal}). */
    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    static byte[] decrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] ciphertextAndTag) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new TamperedException("encrypted value does not authenticate (changed, or another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** A ciphertext that does not authenticate: never read as data. */
    static final class TamperedException extends RuntimeException {
        TamperedException(String message) {
            super(message);
        }
    }
}
