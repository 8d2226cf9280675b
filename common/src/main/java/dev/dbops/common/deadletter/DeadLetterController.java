package dev.dbops.common.deadletter;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dead-letters/{topic}?from=&to=} lists dead letters; {@code POST /api/dead-letters/{topic}/replay}
 * with {@code partition} and {@code offset}, or with {@code from} (and {@code to}), sends them back. A request
 * that gives neither is a 400 problem (common's {@code ApiProblems}).
 */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    /** What a replay sent back. */
    record Replayed(int count, List<DeadLetter> records) {
    }

    private final DeadLetterReplay replay;

    DeadLetterController(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @GetMapping("/{topic}")
    List<DeadLetter> list(@PathVariable String topic, @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to) {
        return replay.list(topic, from, to);
    }

    @PostMapping("/{topic}/replay")
    Replayed replay(@PathVariable String topic, @RequestParam(required = false) @Nullable Integer partition,
            @RequestParam(required = false) @Nullable Long offset, @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to) {
        if (partition != null && offset != null && from == null && to == null) {
            return new Replayed(1, List.of(replay.replay(topic, partition, offset)));
        }
        if (partition == null && offset == null && from != null) {
            List<DeadLetter> records = replay.replay(topic, from, to);
            return new Replayed(records.size(), records);
        }
        throw new IllegalArgumentException("give either partition and offset (one record) or from and optionally to"
                + " (a time range, ISO-8601)");
    }
}
