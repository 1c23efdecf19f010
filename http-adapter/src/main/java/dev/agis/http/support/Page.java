package dev.agis.http.support;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list endpoint: {@code items} in the list's order and the {@code nextCursor} to
 * pass as {@code cursor} for the next page, null on the last page. The one shape of every list.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page from up to {@link PageRequest#fetchSize()} rows fetched in the list's order: the
     * first {@code limit} become items, and an extra row means a next page after the last item.
     */
    public static <R, T> Page<T> of(List<R> fetched, PageRequest request, Function<R, Object[]> sortKey,
                                    Function<R, T> toItem) {
        boolean more = fetched.size() > request.limit();
        List<R> rows = more ? fetched.subList(0, request.limit()) : fetched;
        String next = more ? PageRequest.encode(sortKey.apply(rows.get(rows.size() - 1))) : null;
        return new Page<>(rows.stream().map(toItem).toList(), next);
    }
}
