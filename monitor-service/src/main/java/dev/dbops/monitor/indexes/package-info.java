/**
 * Index health per PgHero's definitions: unused indexes, duplicate indexes, foreign keys without a supporting
 * index, tables read mostly by sequential scans. The catalog is read once; the judgement is pure code.
 */
package dev.dbops.monitor.indexes;
