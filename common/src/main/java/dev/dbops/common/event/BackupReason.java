package dev.dbops.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum BackupReason {
    @JsonProperty("manual") MANUAL,
    @JsonProperty("scheduled") SCHEDULED,
    @JsonProperty("pre-migration") PRE_MIGRATION
}
