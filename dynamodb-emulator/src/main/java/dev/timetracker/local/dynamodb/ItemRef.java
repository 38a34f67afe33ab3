package dev.timetracker.local.dynamodb;

/** One item of one table, as the realism controls track it (locks of running transactions, handed-back keys). */
record ItemRef(String table, KeyTuple key) {
    /** Whether this item's partition key is the string {@code value}. */
    boolean hasPartitionKey(String value) {
        return !key.parts().isEmpty()
                && key.parts().get(0) instanceof AttrValue.S s
                && s.value().equals(value);
    }
}
