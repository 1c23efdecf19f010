package dev.agis.domain.conversion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Known-answer vectors for ayeT's canonical query string and HMAC. The first two come from ayeT's
 * documentation (the docs example, and the older docs example with {@code offer_name=TEST OFFER});
 * the others were computed independently of this code with Python 3 ({@code hmac}, {@code hashlib})
 * and a PHP-faithful {@code urlencode} written byte by byte (Python's {@code quote_plus} leaves
 * {@code ~} raw, PHP does not): keys sorted by UTF-8 bytes, {@code A-Z a-z 0-9 - _ .} kept,
 * space → {@code +}, every other byte → {@code %XX} upper-case.
 */
class AyetSignatureTest {

    private static final String DOCS_KEY = "9f2228fea0d8e7ce10b2ac36053db14c";
    private static final String DOCS_QUERY = "transaction_id=8ee08f32ae611231b0a49d1bd66e9bf193132561&amount=0.10&payout=1.50"
            + "&user_id=testuser123456&click_id=1234abcd5678021";

    private static String hashOf(String rawQuery, String key) throws Exception {
        return AyetSignature.sign(AyetSignature.canonical(AyetSignature.parse(rawQuery)), key);
    }

    @Test
    void theDocumentationExample() throws Exception {
        String canonical = AyetSignature.canonical(AyetSignature.parse(DOCS_QUERY));
        assertThat(canonical).isEqualTo("amount=0.10&click_id=1234abcd5678021&payout=1.50"
                + "&transaction_id=8ee08f32ae611231b0a49d1bd66e9bf193132561&user_id=testuser123456");
        assertThat(AyetSignature.sign(canonical, DOCS_KEY)).isEqualTo("3191f052846df1beee6c1d42030fee7448ff8fc47a417bf714c2e0a1308fc010");
    }

    @Test
    void theOlderDocumentationExampleWithASpaceEncodedAsPlus() throws Exception {
        // both spellings of the space on the wire decode to the same value and sign the same
        assertThat(hashOf(DOCS_QUERY + "&offer_name=TEST+OFFER", DOCS_KEY))
                .isEqualTo("62a32725866780ada1dec3d62232645f2801e05a91df7b0202e9b780f804f04b");
        assertThat(hashOf(DOCS_QUERY + "&offer_name=TEST%20OFFER", DOCS_KEY))
                .isEqualTo("62a32725866780ada1dec3d62232645f2801e05a91df7b0202e9b780f804f04b");
    }

    @Test
    void awkwardValuesByteOrderKeysAndAnEmptyValue() throws Exception {
        // value "A b*~!@+/:é", mixed-case keys (byte order puts "Zeta" first, "sub1" before "sub_id")
        String raw = "offer_name=A+b*~!%40%2B%2F%3A%C3%A9&external_identifier=123456789012345678&transaction_id=tx-1"
                + "&currency_amount=120&custom_1=&Zeta=z&sub1=x&sub_id=y&alpha=a";
        String canonical = AyetSignature.canonical(AyetSignature.parse(raw));
        assertThat(canonical).isEqualTo("Zeta=z&alpha=a&currency_amount=120&custom_1=&external_identifier=123456789012345678"
                + "&offer_name=A+b%2A%7E%21%40%2B%2F%3A%C3%A9&sub1=x&sub_id=y&transaction_id=tx-1");
        assertThat(AyetSignature.sign(canonical, "k3y")).isEqualTo("bb98e37d17208425e55c447a4285995978b9e04e753bf008a0237c499d928728");
    }

    @Test
    void fourByteUtf8AndAnAmpersandInsideAValue() throws Exception {
        String raw = "payout_usd=0.0125&offer_name=Spiel%20%F0%9F%8E%AE+f%C3%BCr+Kinder+%26+Eltern&is_chargeback=0&currency_amount=12.5";
        assertThat(AyetSignature.canonical(AyetSignature.parse(raw)))
                .isEqualTo("currency_amount=12.5&is_chargeback=0&offer_name=Spiel+%F0%9F%8E%AE+f%C3%BCr+Kinder+%26+Eltern&payout_usd=0.0125");
        assertThat(hashOf(raw, "secret-key")).isEqualTo("2d15b5c3297bed46b00b9b1d117cdc889b24f68358e64715e6e25b60417dcfce");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "A b*~!@+/:é | A+b%2A%7E%21%40%2B%2F%3A%C3%A9",
            "Data123!@-_ + | Data123%21%40-_+%2B",
            "a.b-c_d | a.b-c_d",
            "~ | %7E",
            "* | %2A",
            "ü | %C3%BC"})
    void phpUrlencode(String value, String encoded) {
        assertThat(AyetSignature.phpUrlencode(value)).isEqualTo(encoded);
    }

    @Test
    void aRepeatedKeyKeepsItsLastValueLikePhp() throws Exception {
        assertThat(AyetSignature.parse("a=1&b=2&a=3")).containsExactly(Map.entry("b", "2"), Map.entry("a", "3"));
        assertThat(AyetSignature.canonical(AyetSignature.parse("a=1&b=2&a=3"))).isEqualTo("a=3&b=2");
    }

    @Test
    void aKeyWithoutValueIsAnEmptyValueAndEmptyPairsAreIgnored() throws Exception {
        assertThat(AyetSignature.canonical(AyetSignature.parse("b&&a=1&=x"))).isEqualTo("a=1&b=");
    }

    @Test
    void malformedEscapesAndInvalidUtf8AreRejected() {
        assertThatThrownBy(() -> AyetSignature.parse("a=%4")).isInstanceOf(AyetSignature.MalformedQueryException.class);
        assertThatThrownBy(() -> AyetSignature.parse("a=%zz")).isInstanceOf(AyetSignature.MalformedQueryException.class);
        assertThatThrownBy(() -> AyetSignature.parse("a=%C3")).isInstanceOf(AyetSignature.MalformedQueryException.class);
        assertThatThrownBy(() -> AyetSignature.parse("a=%FF%FE")).isInstanceOf(AyetSignature.MalformedQueryException.class);
    }

    @Test
    void comparisonIsExactAboutKeyAndContentButAcceptsUpperCaseHex() throws Exception {
        String canonical = AyetSignature.canonical(AyetSignature.parse(DOCS_QUERY));
        String good = "3191f052846df1beee6c1d42030fee7448ff8fc47a417bf714c2e0a1308fc010";
        assertThat(AyetSignature.matches(good, canonical, DOCS_KEY)).isTrue();
        assertThat(AyetSignature.matches(good.toUpperCase(), canonical, DOCS_KEY)).isTrue();
        assertThat(AyetSignature.matches(good, canonical, DOCS_KEY + "x")).isFalse();
        assertThat(AyetSignature.matches(good, canonical.replace("0.10", "0.11"), DOCS_KEY)).isFalse();
        assertThat(AyetSignature.matches(good.substring(1), canonical, DOCS_KEY)).isFalse();
        assertThat(AyetSignature.matches(null, canonical, DOCS_KEY)).isFalse();
        assertThat(AyetSignature.matches(good, canonical, "")).isFalse();
    }
}
