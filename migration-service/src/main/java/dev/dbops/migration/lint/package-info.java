/** Static lint of migration scripts: PostgreSQL-version-aware rules, each finding with its line and the safe alternative. Pure code. */
package dev.dbops.migration.lint;
