package dev.agis.privacy;

import javax.crypto.SecretKey;
import java.util.Optional;

/** Where the codec gets data keys: {@link JdbcPlayerKeyStore}, or a map in tests. */
public interface PlayerKeys {

    /** A player's current data key and the id its ciphertexts name. */
    record DataKey(String keyId, SecretKey key) {
    }

    /** The player's data key, created on first use. */
    DataKey keyForPlayer(String playerId);

    /** The key a ciphertext names, or empty when it was erased. */
    Optional<SecretKey> keyById(String keyId);

    /** Whether the player's personal data was ever erased (their plaintext from before encryption then reads as erased). */
    boolean erased(String playerId);
}
