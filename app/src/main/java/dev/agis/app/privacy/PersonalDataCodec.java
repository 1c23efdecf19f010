package dev.agis.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agis.domain.privacy.PersonalData;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one personal value into its stored envelope {@code {"enc":"v1","kid":"<key id>","ct":"<base64>"}}
 * and back. The plaintext is the value's JSON; the key id is the associated data, so a
 * ciphertext only opens under the key it names. An envelope whose key is gone reads as
 * {@link PersonalData#ERASED}; a value that is no envelope (stored before encryption) reads as it is.
 */
public final class PersonalDataCodec {

    static final String VERSION = "v1";
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final PlayerKeys keys;

    PersonalDataCodec(PlayerKeys keys) {
        this.keys = keys;
    }

    ObjectNode seal(String playerId, JsonNode value) {
        PlayerKeys.DataKey key = keys.keyForPlayer(playerId);
        byte[] plaintext;
        try {
            plaintext = PLAIN.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("personal value not writable as JSON", e);
        }
        byte[] sealed = Aead.seal(key.key(), key.keyId().getBytes(StandardCharsets.UTF_8), plaintext);
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("enc", VERSION);
        envelope.put("kid", key.keyId());
        envelope.put("ct", Base64.getEncoder().encodeToString(sealed));
        return envelope;
    }

    /** The stored form of a field: an envelope, a map of envelopes (and plain values), or a plain old value. */
    JsonNode open(JsonNode stored) {
        if (isEnvelope(stored)) {
            return openEnvelope((ObjectNode) stored);
        }
        if (stored instanceof ObjectNode map) {
            ObjectNode opened = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                opened.set(f.getKey(), isEnvelope(f.getValue()) ? openEnvelope((ObjectNode) f.getValue()) : f.getValue());
            }
            return opened;
        }
        return stored;
    }

    static boolean isEnvelope(JsonNode node) {
        return node instanceof ObjectNode o && o.size() == 3 && o.path("enc").isTextual() && o.path("kid").isTextual()
                && o.path("ct").isTextual();
    }

    private JsonNode openEnvelope(ObjectNode envelope) {
        String version = envelope.get("enc").asText();
        if (!VERSION.equals(version)) {
            throw new IllegalStateException("unknown personal data envelope version " + version);
        }
        String keyId = envelope.get("kid").asText();
        Optional<SecretKey> key = keys.keyById(keyId);
        if (key.isEmpty()) {
            return TextNode.valueOf(PersonalData.ERASED);
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(envelope.get("ct").asText());
        } catch (IllegalArgumentException e) {
            throw new Aead.TamperedException("encrypted value is not base64");
        }
        byte[] plaintext = Aead.open(key.get(), keyId.getBytes(StandardCharsets.UTF_8), sealed);
        try {
            return PLAIN.readTree(plaintext);
        } catch (IOException e) {
            throw new IllegalStateException("decrypted personal value is not JSON", e);
        }
    }
}
