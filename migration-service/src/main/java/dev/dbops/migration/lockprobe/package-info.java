/** Scratch copies of a target (pg_dump --schema-only) on which steps run to observe their locks and rewrites, and rollbacks are rehearsed. */
package dev.dbops.migration.lockprobe;
