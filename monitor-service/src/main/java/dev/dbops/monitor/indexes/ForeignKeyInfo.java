package dev.dbops.monitor.indexes;

import java.util.List;

/** A foreign key: its referencing columns' attribute numbers on {@code table}. */
public record ForeignKeyInfo(String schema, String table, String name, List<Integer> columns, String definition) {
}
