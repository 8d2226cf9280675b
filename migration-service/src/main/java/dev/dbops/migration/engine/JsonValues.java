package dev.dbops.migration.engine;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/** The request's JSON columns: the plan as published, the steps applied so far. */
final class JsonValues {

    private JsonValues() {
    }

    static String write(Object value) {
        return EventCodec.mapper().writeValueAsString(value);
    }

    static List<AppliedStep> applied(@Nullable String json) {
        if (json == null) {
            return new ArrayList<>();
        }
        return new ArrayList<>(EventCodec.mapper().readValue(json, new TypeReference<List<AppliedStep>>() { }));
    }
}
