package dev.dbops.backup.restore;

import dev.dbops.backup.take.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses the entries of a {@code pg_restore --list} that restore the named tables (with their data,
 * defaults, constraints, indexes and owned sequences, as the manifest records them) and the named
 * schemas (everything in them). Foreign keys and triggers of a partial restore are left out: what
 * they refer to may not be restored. The result is a list file for {@code pg_restore -L}.
 */
final class TocSelection {

    // Longest first, so "TABLE DATA" is not read as "TABLE".
    private static final List<String> KINDS = List.of("SEQUENCE OWNED BY", "FK CONSTRAINT", "SEQUENCE SET",
            "TABLE DATA", "CONSTRAINT", "SEQUENCE", "DEFAULT", "SCHEMA", "INDEX", "TABLE");

    private TocSelection() {
    }

    /** An entry of the archive's table of contents. */
    record Entry(String line, String kind, String namespace, String tag) {
    }

    static List<Entry> parse(String toc) {
        List<Entry> entries = new ArrayList<>();
        for (String line : toc.split("\n")) {
            if (line.isBlank() || line.startsWith(";")) {
                continue;
            }
            // "<dumpId>; <tableoid> <oid> <KIND> <namespace> <tag> <owner>"
            String[] head = line.split(" ", 4);
            if (head.length < 4) {
                continue;
            }
            String rest = head[3];
            for (String kind : KINDS) {
                if (rest.startsWith(kind + " ")) {
                    String[] parts = rest.substring(kind.length() + 1).split(" ", 2);
                    String tagAndOwner = parts.length > 1 ? parts[1] : "";
                    int lastSpace = tagAndOwner.lastIndexOf(' ');
                    String tag = lastSpace < 0 ? tagAndOwner : tagAndOwner.substring(0, lastSpace);
                    entries.add(new Entry(line, kind, parts[0], tag));
                    break;
                }
            }
        }
        return entries;
    }

    static List<String> select(List<Entry> toc, List<Manifest.Table> tables, Set<String> schemas) {
        Set<String> schemasOfTables = new HashSet<>();
        tables.forEach(t -> schemasOfTables.add(t.schema()));
        List<String> selected = new ArrayList<>();
        for (Entry e : toc) {
            if (schemas.contains(e.namespace()) && !e.kind().equals("FK CONSTRAINT")
                    || e.kind().equals("SCHEMA") && (schemas.contains(e.tag()) || schemasOfTables.contains(e.tag()))
                    || tables.stream().anyMatch(t -> belongsTo(e, t))) {
                selected.add(e.line());
            }
        }
        return selected;
    }

    private static boolean belongsTo(Entry e, Manifest.Table table) {
        if (!e.namespace().equals(table.schema())) {
            return false;
        }
        return switch (e.kind()) {
            case "TABLE", "TABLE DATA" -> e.tag().equals(table.name());
            case "DEFAULT", "CONSTRAINT" -> e.tag().startsWith(table.name() + " ");
            case "INDEX" -> table.indexes().contains(e.tag());
            case "SEQUENCE", "SEQUENCE OWNED BY", "SEQUENCE SET" -> table.sequences().contains(e.tag());
            default -> false;
        };
    }
}
