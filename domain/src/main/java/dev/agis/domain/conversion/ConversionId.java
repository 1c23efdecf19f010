package dev.agis.domain.conversion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.DomainException;

import java.util.regex.Pattern;

/**
 * Identifies a conversion: {@code conversion:ayet:<transaction_id>} of the original conversion.
 * A reversal ({@code r-<id>}) belongs to the conversion it reverses, so both live in one aggregate
 * and can never race each other.
 */
public record ConversionId(String value) {

    /** ayeT's ids are 40 hex characters; leave room for other formats but keep the id short and printable. */
    public static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final Pattern FORMAT = Pattern.compile("conversion:([a-z]{1,16}):([A-Za-z0-9._:\\-]{1,128})");

    public ConversionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(ConversionError.INVALID_TRANSACTION_ID,
                    "conversion id must look like conversion:<provider>:<transaction id>");
        }
    }

    @JsonCreator
    public static ConversionId of(String value) {
        return new ConversionId(value);
    }

    /** The conversion an ayeT transaction id belongs to ({@code r-} prefixes already stripped). */
    public static ConversionId ayet(String originalTransactionId) {
        if (originalTransactionId == null || !TRANSACTION_ID.matcher(originalTransactionId).matches()) {
            throw new DomainException(ConversionError.INVALID_TRANSACTION_ID,
                    "transaction id must be 1..128 characters of A-Z a-z 0-9 . _ : -");
        }
        return new ConversionId("conversion:ayet:" + originalTransactionId);
    }

    public String provider() {
        return value.substring("conversion:".length(), value.indexOf(':', "conversion:".length()));
    }

    public String transactionId() {
        return value.substring(value.indexOf(':', "conversion:".length()) + 1);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
