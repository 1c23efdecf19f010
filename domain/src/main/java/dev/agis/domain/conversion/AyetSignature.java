package dev.agis.domain.conversion;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ayeT's callback signature: {@code X-Ayetstudios-Security-Hash} = lowercase hex HMAC-SHA256,
 * keyed with the publisher API key, over the canonical query string that ayeT's PHP builds with
 * {@code $p = $_GET; ksort($p, SORT_STRING); http_build_query($p, '', '&')}.
 *
 * <p>We work from the raw query string, so nothing is lost to a framework's decoding:
 * <ul>
 *   <li>each {@code key=value} pair is form-decoded ({@code +} → space, {@code %XX} → byte, UTF-8);
 *   <li>a key given more than once keeps its <b>last</b> value, as PHP's {@code $_GET} does;
 *   <li>keys are sorted by their UTF-8 bytes ({@code strcmp}, what {@code SORT_STRING} does);
 *   <li>keys and values are re-encoded like PHP {@code urlencode} (RFC 1738): {@code A-Z a-z 0-9 - _ .}
 *       stay, space → {@code +}, every other byte → {@code %XX} upper-case.
 * </ul>
 * PHP also rewrites {@code .} and space in parameter <i>names</i> to {@code _} and treats
 * {@code a[]=…} as arrays; ayeT's macros have plain lower-case names, so such names are rejected
 * as malformed by the controller instead of being guessed at.
 */
public final class AyetSignature {

    public static final String HEADER = "X-Ayetstudios-Security-Hash";

    private AyetSignature() {
    }

    /** A query string that is not valid form encoding (bad {@code %} escape or invalid UTF-8). */
    public static final class MalformedQueryException extends Exception {
        public MalformedQueryException(String message) {
            super(message);
        }
    }

    /** Decodes a raw query string into its parameters, in order; a repeated key keeps its last value. */
    public static Map<String, String> parse(String rawQuery) throws MalformedQueryException {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // "a=1&&b=2": PHP ignores empty pairs too
            }
            int eq = pair.indexOf('=');
            String key = formDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
            if (key.isEmpty()) {
                continue; // PHP drops "=value" with an empty name
            }
            params.remove(key); // last one wins, at its last position (irrelevant after sorting)
            params.put(key, value);
        }
        return params;
    }

    /** The canonical string: keys sorted by UTF-8 bytes, {@code urlencode(key)=urlencode(value)} joined with {@code &}. */
    public static String canonical(Map<String, String> params) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
        entries.sort(Comparator.comparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : entries) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(phpUrlencode(e.getKey())).append('=').append(phpUrlencode(e.getValue()));
        }
        return sb.toString();
    }

    /** Lowercase hex HMAC-SHA256 of the canonical string. */
    public static String sign(String canonical, String apiKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time comparison of the received header with the expected hash; case-insensitive hex. */
    public static boolean matches(String received, String canonical, String apiKey) {
        if (received == null || apiKey == null || apiKey.isEmpty()) {
            return false;
        }
        byte[] expected = sign(canonical, apiKey).getBytes(StandardCharsets.US_ASCII);
        byte[] given = received.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** PHP {@code urlencode}: {@code A-Z a-z 0-9 - _ .} unchanged, space → {@code +}, other bytes → {@code %XX}. */
    public static String phpUrlencode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** application/x-www-form-urlencoded decoding, strict: a bad escape or invalid UTF-8 is malformed input. */
    static String formDecode(String s) throws MalformedQueryException {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new MalformedQueryException("incomplete % escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedQueryException("invalid % escape");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // an unescaped non-ASCII character (a lenient sender): take it as the UTF-8 it stands for
                int cp = s.codePointAt(i);
                byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedQueryException("not valid UTF-8");
        }
    }
}
