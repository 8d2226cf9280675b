/** The worker and the request's way it drives: per target under the target's advisory lock (common's TargetWorkerLoop), from plan through backup first to run and outcome, with its events in the outbox. */
package dev.dbops.migration.engine;
