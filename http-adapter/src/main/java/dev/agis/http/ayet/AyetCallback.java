package dev.agis.http.ayet;

import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.AyetSignature;
import dev.agis.domain.conversion.ConversionId;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A signed ayeT callback whose parameters check out (docs/ayet-integration.md §3). The controller
 * checks a callback with {@link #of} before it enters the inbox; the inbox worker reads the stored
 * query with the same method, so both agree on what a callback means.
 *
 * @param transactionId the transaction id as sent ({@code r-…} for a reversal)
 * @param conversionId  the conversion it records or reverses
 */
record AyetCallback(String transactionId, boolean reversal, ConversionId conversionId, PlayerId playerId, BigDecimal amount,
                    Map<String, String> params) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,8})?");

    /** Malformed input; the message is the 400 answer's reason and never echoes the input. */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** The raw query string's parameters, or {@link Malformed} when it does not decode. */
    static Map<String, String> parameters(String rawQuery, AyetProperties props) throws Malformed {
        Map<String, String> params;
        try {
            params = AyetSignature.parse(rawQuery);
        } catch (AyetSignature.MalformedQueryException e) {
            throw new Malformed("malformed query string");
        }
        if (params.size() > props.maxParameters()) {
            throw new Malformed("too many parameters");
        }
        return params;
    }

    /** Checks the signed parameters: a callback, or {@link Malformed} with the reason. */
    static AyetCallback of(Map<String, String> params, AyetProperties props) throws Malformed {
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!NAME.matcher(p.getKey()).matches()) {
                throw new Malformed("invalid parameter name");
            }
            if (p.getValue().length() > props.maxValueLength()) {
                throw new Malformed("parameter value too long");
            }
        }
        String tx = params.get("transaction_id");
        String player = params.get("external_identifier");
        String amountText = params.get("currency_amount");
        if (tx == null || tx.isEmpty()) {
            throw new Malformed("transaction_id missing");
        }
        if (player == null || player.isEmpty()) {
            throw new Malformed("external_identifier missing");
        }
        if (!PlayerId.isValid(player)) {
            throw new Malformed("external_identifier invalid");
        }
        if (amountText == null || amountText.isEmpty()) {
            throw new Malformed("currency_amount missing");
        }
        if (!NUMBER.matcher(amountText).matches()) {
            throw new Malformed("currency_amount not a number");
        }
        BigDecimal amount = new BigDecimal(amountText);
        if (amount.abs().compareTo(BigDecimal.valueOf(props.maxAmount())) > 0) {
            throw new Malformed("currency_amount out of range");
        }
        String chargeback = params.getOrDefault("is_chargeback", "0");
        if (!chargeback.equals("0") && !chargeback.equals("1") && !chargeback.isEmpty()) {
            throw new Malformed("is_chargeback must be 0 or 1");
        }
        boolean reversal = chargeback.equals("1") || tx.startsWith("r-");
        String original = tx.startsWith("r-") ? tx.substring(2) : tx;
        if (!ConversionId.TRANSACTION_ID.matcher(original).matches() || tx.length() > 130) {
            throw new Malformed("transaction_id invalid");
        }
        if (reversal && amount.signum() > 0) {
            throw new Malformed("currency_amount of a reversal must not be positive");
        }
        if (!reversal && amount.signum() < 0) {
            throw new Malformed("currency_amount of a conversion must not be negative");
        }
        return new AyetCallback(tx, reversal, ConversionId.ayet(original), PlayerId.of(player), amount, params);
    }
}
