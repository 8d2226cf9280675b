/** The CI gate: plans a project folder against a database URL, prints the findings, exits 1 when one blocks. No Kafka, no service. */
package dev.dbops.migration.gate;
