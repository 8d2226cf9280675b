/**
 * The engine: common's per-target worker loop and advisory target lock running this service's per-target work
 * (queued backups and restores, then due verifications, then retention), one target at a time across all
 * instances, and recovery of what a crashed instance left running.
 */
@NullMarked
package dev.dbops.backup.engine;

import org.jspecify.annotations.NullMarked;
