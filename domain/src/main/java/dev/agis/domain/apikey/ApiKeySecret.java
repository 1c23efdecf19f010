package dev.agis.domain.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret of an API key (SPEC §2.9): {@code agis_} followed by the base64url encoding, without
 * padding, of 32 random bytes from {@link SecureRandom} (43 characters). Only its SHA-256 (lowercase
 * hex) is stored; the plain key is shown once to whoever created it and never logged.
 */
public final class ApiKeySecret {

    public static final String PREFIX = "agis_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("agis_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecret() {
    }

    /** A new random key. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code candidate} has the shape of a key (checked before hashing, so junk is refused early). */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    /** The stored form: SHA-256 of the key's UTF-8 bytes, lowercase hex (64 characters). */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Whether {@code value} looks like a stored hash. */
    public static boolean isHash(String value) {
        return value != null && value.matches("[0-9a-f]{64}");
    }
}
