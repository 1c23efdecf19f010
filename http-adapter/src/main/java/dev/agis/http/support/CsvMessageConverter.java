package dev.agis.http.support;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractGenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * {@code text/csv} as a second representation of report answers, for spreadsheets: a header row,
 * then one row per item of a {@link Page} or list (a single record is one row; a {@link CsvTable}
 * names its own rows). Columns are the
 * row record's components in declaration order; quoting follows RFC 4180 (Jackson's CSV writer).
 * Only flat rows can be written: a handler offers CSV only for answers of flat records. Next
 * pages are announced in a {@code Link} header, as for JSON.
 */
@Component
public class CsvMessageConverter extends AbstractGenericHttpMessageConverter<Object> {

    public static final String TEXT_CSV_VALUE = "text/csv";
    public static final MediaType TEXT_CSV = MediaType.parseMediaType(TEXT_CSV_VALUE);

    // CsvMapper sorts columns alphabetically by default; the record's order is the documented one
    private final CsvMapper csv = CsvMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public CsvMessageConverter() {
        super(new MediaType("text", "csv", StandardCharsets.UTF_8));
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
        return false;
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
        // only when the client asked for CSV: never the default representation (*/* picks JSON)
        return mediaType != null && TEXT_CSV.isCompatibleWith(mediaType) && !mediaType.isWildcardType()
                && rowType(type, clazz) != null;
    }

    @Override
    protected void writeInternal(Object body, Type type, HttpOutputMessage output) throws IOException {
        List<?> rows = rows(body);
        Class<?> rowType = body instanceof CsvTable table ? table.csvRowType() : rowType(type, body.getClass());
        if (rowType == null && !rows.isEmpty()) {
            rowType = rows.get(0).getClass();
        }
        if (rowType == null) {
            throw new HttpMessageNotWritableException("no row type for CSV");
        }
        CsvSchema schema = csv.schemaFor(rowType).withHeader();
        output.getHeaders().setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8));
        csv.writer(schema).writeValues(output.getBody()).writeAll(rows).close();
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("CSV is an output format only", input);
    }

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("CSV is an output format only", input);
    }

    private static List<?> rows(Object body) {
        if (body instanceof CsvTable table) {
            return table.csvRows();
        }
        if (body instanceof Page<?> page) {
            return page.items();
        }
        if (body instanceof Collection<?> list) {
            return List.copyOf(list);
        }
        return List.of(body);
    }

    /** The record a row is: the item type of a page or list, or the answer's own type if it is a record. */
    private static Class<?> rowType(Type type, Class<?> clazz) {
        ResolvableType resolved = type != null ? ResolvableType.forType(type) : ResolvableType.forClass(clazz);
        Class<?> raw = resolved.resolve(clazz);
        if (raw == null) {
            return null;
        }
        if (CsvTable.class.isAssignableFrom(raw)) {
            return raw;
        }
        if (Page.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw)) {
            Class<?> item = resolved.getGeneric(0).resolve();
            return item != null && item.isRecord() ? item : null;
        }
        return raw.isRecord() && raw != Page.class ? raw : null;
    }
}
