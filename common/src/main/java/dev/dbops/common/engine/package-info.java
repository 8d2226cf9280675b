/**
 * The machinery every service that works per target shares: a session-level advisory lock per target
 * ({@link dev.dbops.common.engine.TargetLock}), so one instance at a time works on a target, and the loop
 * that finds targets with open work and drains each in its own thread under that lock
 * ({@link dev.dbops.common.engine.TargetWorkerLoop}).
 */
package dev.dbops.common.engine;
