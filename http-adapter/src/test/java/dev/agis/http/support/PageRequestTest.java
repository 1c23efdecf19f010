package dev.agis.http.support;

import dev.agis.domain.common.DomainException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageRequestTest {

    private record Row(Instant at, long seq) {
    }

    @Test
    void theFirstPageUsesTheDefaultLimit() {
        PageRequest request = PageRequest.of(null, null);

        assertThat(request.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
        assertThat(request.first()).isTrue();
        assertThat(request.fetchSize()).isEqualTo(PageRequest.DEFAULT_LIMIT + 1);
        assertThat(request.afterInstant(0)).isNull();
        assertThat(request.afterLong(1)).isNull();
        assertThat(PageRequest.of(" ", "").first()).isTrue();
    }

    @Test
    void aCursorCarriesTheSortKeyOfTheLastRow() {
        Instant at = Instant.parse("2026-12-02T10:15:30.123456Z");
        String cursor = PageRequest.encode(at, 42L, "account:user:123");

        PageRequest next = PageRequest.of("5", cursor).expectParts(3);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(next.limit()).isEqualTo(5);
        assertThat(next.afterInstant(0)).isEqualTo(at);
        assertThat(next.afterLong(1)).isEqualTo(42L);
        assertThat(next.afterString(2)).isEqualTo("account:user:123");
    }

    @Test
    void limitsOutsideOneToTheMaximumAreRefusedWithAStableCode() {
        for (String bad : List.of("0", "-1", "101", "abc", "1.5", "99999999999", "%00")) {
            assertThatThrownBy(() -> PageRequest.of(bad, null))
                    .as(bad)
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo(PaginationError.INVALID_LIMIT));
        }
        assertThat(PageRequest.of("100", null).limit()).isEqualTo(100);
        assertThat(PageRequest.of("1", null).limit()).isEqualTo(1);
        assertThat(PageRequest.of("500", null, 50, 1000).limit()).isEqualTo(500);
    }

    @Test
    void forgedOrForeignCursorsAreRefusedWithAStableCode() {
        String notBase64 = "***";
        String notUtf8 = Base64.getUrlEncoder().encodeToString(new byte[]{(byte) 0xff, (byte) 0xfe});
        String noVersion = Base64.getUrlEncoder().encodeToString("42".getBytes(StandardCharsets.UTF_8));
        String twoParts = PageRequest.encode("a", "b");
        String notAnInstant = PageRequest.encode("yesterday");
        String notANumber = PageRequest.encode("x");

        for (String bad : List.of(notBase64, notUtf8, noVersion)) {
            assertThatThrownBy(() -> PageRequest.of(null, bad)).as(bad).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.code()).isEqualTo(PaginationError.INVALID_CURSOR));
        }
        assertThatThrownBy(() -> PageRequest.of(null, twoParts).expectParts(1)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(PaginationError.INVALID_CURSOR));
        assertThatThrownBy(() -> PageRequest.of(null, notAnInstant).afterInstant(0)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> PageRequest.of(null, notANumber).afterLong(0)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> PageRequest.of(null, notANumber).afterString(3)).isInstanceOf(DomainException.class);
    }

    @Test
    void pagesWalkTheWholeListOnceInOrder() {
        List<Row> all = IntStream.range(0, 7).mapToObj(i -> new Row(Instant.EPOCH.plusSeconds(100 - i), i)).toList();
        String cursor = null;
        List<Long> seen = new ArrayList<>();
        int pages = 0;
        do {
            PageRequest request = PageRequest.of("3", cursor).expectParts(2);
            Long after = request.afterLong(1);
            // what a query handler does: rows after the cursor's key, fetchSize of them
            List<Row> fetched = all.stream().filter(r -> after == null || r.seq() > after).limit(request.fetchSize()).toList();
            Page<Long> page = Page.of(fetched, request, r -> new Object[]{r.at(), r.seq()}, Row::seq);
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aFullLastPageHasNoNextCursor() {
        PageRequest request = PageRequest.of("2", null);

        Page<String> page = Page.of(List.of("a", "b"), request, s -> new Object[]{s}, s -> s);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.nextCursor()).isNull();
    }
}
