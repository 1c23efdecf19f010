package dev.agis.http.support;

import java.util.List;

/**
 * An answer whose JSON is not flat but which has a table for {@code Accept: text/csv}: the
 * {@link CsvMessageConverter} writes {@link #csvRows()} (records of {@link #csvRowType()}), JSON
 * writes the answer itself.
 */
public interface CsvTable {

    Class<?> csvRowType();

    List<?> csvRows();
}
