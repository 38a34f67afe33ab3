package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Approximate ConsumedCapacity, reported only when asked for. Nothing is ever throttled; the numbers exist so
 * code that logs or asserts on capacity sees plausible values.
 */
final class Capacity {
    private Capacity() {}

    /** @return TOTAL, INDEXES or null when capacity was not requested */
    static String requested(JsonNode request) {
        String mode = Json.enumValue(request, "ReturnConsumedCapacity", List.of("INDEXES", "TOTAL", "NONE"), "NONE");
        return mode.equals("NONE") ? null : mode;
    }

    static double writeUnits(long bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    static double readUnits(long bytes, boolean consistent) {
        return Math.max(1, Math.ceil(bytes / 4096.0)) * (consistent ? 1 : 0.5);
    }

    static ObjectNode of(String mode, String table, double units) {
        ObjectNode node = Json.object().put("TableName", table).put("CapacityUnits", units);
        if ("INDEXES".equals(mode)) {
            node.putObject("Table").put("CapacityUnits", units);
        }
        return node;
    }
}
