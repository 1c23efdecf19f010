package dev.agis.projections.ledger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The escaping of values for COPY's text format (bulk replays of the movement rows). */
class LedgerProjectionCopyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "plain               | conversion:ayet:123   | conversion:ayet:123",
            "backslash           | a\\b                  | a\\\\b",
            "tab                 | \"a\tb\"              | a\\tb",
            "newline             | \"a\nb\"              | a\\nb",
            "carriage return     | \"a\rb\"              | a\\rb",
            "the null marker     | \\N                   | \\\\N",
            "unicode untouched   | ünï ✓                 | ünï ✓",
    })
    void escapesTheCharactersCopyTreatsSpecially(String what, String value, String expected) {
        StringBuilder out = new StringBuilder();
        LedgerProjection.copyEscape(out, value);
        assertThat(out.toString()).as(what).isEqualTo(expected);
    }
}
