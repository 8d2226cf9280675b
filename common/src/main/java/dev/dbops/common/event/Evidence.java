package dev.dbops.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a plan finding rests on: the script's text, what the scratch copy of the target showed, or both. */
public enum Evidence {
    @JsonProperty("static") STATIC,
    @JsonProperty("observed") OBSERVED,
    @JsonProperty("both") BOTH
}
