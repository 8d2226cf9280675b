package dev.dbops.common.event;

/** Facts the monitor-service observed on a target database. */
public sealed interface MonitorEvent extends DbopsEvent
        permits SlowQueryDetected, ThresholdBreached, ThresholdResolved {
}
