package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.Page;
import java.util.function.Function;

/** {@code {"items": [...], "next_cursor": "..." | null}}, the shape of every listing. */
public final class PageJson {
    private PageJson() {}

    public static <T> ObjectNode write(Page<T> page, Function<T, ObjectNode> item) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        page.items().forEach(element -> items.add(item.apply(element)));
        json.put("next_cursor", page.nextCursor());
        return json;
    }
}
