/** Plans a request: pending steps from Flyway, static lint, observed locks and rehearsal on a scratch copy, and which findings block it. */
package dev.dbops.migration.plan;
