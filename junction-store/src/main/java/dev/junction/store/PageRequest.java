package dev.junction.store;

/**
 * One page of a keyset listing. Ids sort by creation (ULIDs), so a page continues strictly past the
 * last id of the previous one: rows inserted meanwhile never shift a page or appear twice.
 *
 * @param afterId     the last id of the previous page, or null for the first page
 * @param newestFirst true to list by id descending (a log to browse), false for ascending (a queue)
 * @param limit       at most this many rows
 */
public record PageRequest(String afterId, boolean newestFirst, int limit) {

    public PageRequest {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }

    public static PageRequest newestFirst(String afterId, int limit) {
        return new PageRequest(afterId, true, limit);
    }

    public static PageRequest oldestFirst(String afterId, int limit) {
        return new PageRequest(afterId, false, limit);
    }
}
