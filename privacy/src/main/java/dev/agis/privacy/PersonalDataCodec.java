package dev.agis.privacy;

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
import java.util.Set;

/**
 * Turns one personal value into its stored envelope {@code {"enc":"v1","kid":"<key id>","ct":"<base64>"}}
 * and back. The plaintext is the value's JSON; the key id is the associated data, so a
 * ciphertext only opens under the key it names. An envelope whose key is gone reads as
 * {@link PersonalData#ERASED}; a value that is no envelope (stored before encryption) reads as it
 * is, unless its player was erased.
 */
public final class PersonalDataCodec {

    static final String VERSION = "v1";
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final PlayerKeys keys;

    public PersonalDataCodec(PlayerKeys keys) {
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

    /**
     * The stored form of a field: an envelope, a map of envelopes (and plain values), or a plain
     * value stored before encryption. {@code subject} is the data subject named in the same message
     * (null if none): a plain value of an erased player reads as erased too, except the map keys
     * in {@code plainKeys}.
     */
    JsonNode open(JsonNode stored, String subject, Set<String> plainKeys) {
        if (isEnvelope(stored)) {
            return openEnvelope((ObjectNode) stored);
        }
        if (stored instanceof ObjectNode map) {
            ObjectNode opened = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode value = f.getValue();
                if (isEnvelope(value)) {
                    value = openEnvelope((ObjectNode) value);
                } else if (!plainKeys.contains(f.getKey()) && !value.isNull() && erased(subject)) {
                    value = TextNode.valueOf(PersonalData.ERASED);
                }
                opened.set(f.getKey(), value);
            }
            return opened;
        }
        return erased(subject) ? TextNode.valueOf(PersonalData.ERASED) : stored;
    }

    /** Asked only for a personal value stored in clear, which only events from before encryption hold. */
    private boolean erased(String subject) {
        return subject != null && keys.erased(subject);
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
