package dev.dbops.alert.api;

import dev.dbops.alert.model.Labels;
import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.silence.Silence;
import dev.dbops.alert.silence.Silences;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * dbops's silences in Alertmanager's v2 API format, so {@code amtool silence add|query|expire
 * --alertmanager.url=<dbops>} works against dbops: the same silences as {@code /api/silences}.
 */
@RestController
class AlertmanagerSilencesController {

    /** A matcher as Alertmanager's API writes it. */
    record ApiMatcher(String name, String value, boolean isRegex, @Nullable Boolean isEqual) {

        Matcher toMatcher() {
            boolean equal = isEqual == null || isEqual;
            Matcher.Op op = isRegex ? (equal ? Matcher.Op.REGEX : Matcher.Op.NOT_REGEX)
                    : (equal ? Matcher.Op.EQUAL : Matcher.Op.NOT_EQUAL);
            return new Matcher(name, op, value);
        }

        static ApiMatcher of(Matcher matcher) {
            Matcher.Op op = matcher.op();
            return new ApiMatcher(matcher.name(), matcher.value(), op == Matcher.Op.REGEX || op == Matcher.Op.NOT_REGEX,
                    op == Matcher.Op.EQUAL || op == Matcher.Op.REGEX);
        }
    }

    record PostableSilence(@Nullable UUID id, @Nullable List<ApiMatcher> matchers, @Nullable Instant startsAt,
            @Nullable Instant endsAt, @Nullable String createdBy, @Nullable String comment) {
    }

    record State(String state) {
    }

    record GettableSilence(UUID id, State status, Instant updatedAt, List<ApiMatcher> matchers, Instant startsAt,
            Instant endsAt, String createdBy, String comment) {

        static GettableSilence of(Silence s, Instant now) {
            return new GettableSilence(s.id(), new State(s.state(now)), s.createdAt(),
                    s.matchers().stream().map(ApiMatcher::of).toList(), s.startsAt(), s.endsAt(), s.createdBy(),
                    s.comment());
        }
    }

    private final Silences silences;
    private final Clock clock;
    private final Instant started;

    AlertmanagerSilencesController(Silences silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Creates a silence; with the id of an existing one, replaces it (expires it and creates the new
     * one, as Alertmanager does when a silence's matchers change).
     */
    @PostMapping("/api/v2/silences")
    ResponseEntity<Map<String, Object>> create(@RequestBody PostableSilence request) {
        if (request.matchers() == null || request.endsAt() == null || blank(request.createdBy())
                || blank(request.comment())) {
            throw new IllegalArgumentException("a silence needs matchers, endsAt, createdBy and comment");
        }
        Instant now = clock.instant();
        if (request.id() != null) {
            if (silences.find(request.id()).isEmpty()) {
                throw noSilence(request.id());
            }
            silences.expire(request.id(), now);
        }
        Instant startsAt = request.startsAt() == null || request.startsAt().isBefore(now) ? now : request.startsAt();
        Silence silence = new Silence(UUID.randomUUID(), request.matchers().stream().map(ApiMatcher::toMatcher).toList(),
                startsAt, request.endsAt(), request.createdBy(), request.comment(), now);
        silences.save(silence);
        return ResponseEntity.ok(Map.of("silenceID", silence.id()));
    }

    /** All silences, or those whose equality matchers satisfy every {@code filter} matcher, as Alertmanager filters. */
    @GetMapping("/api/v2/silences")
    List<GettableSilence> list(@RequestParam(name = "filter", required = false) @Nullable List<String> filter) {
        Instant now = clock.instant();
        List<Matcher> wanted = filter == null ? List.of() : filter.stream().map(Matcher::parse).toList();
        return silences.all().stream().filter(s -> Matcher.all(wanted, labelsOf(s)))
                .map(s -> GettableSilence.of(s, now)).toList();
    }

    @GetMapping("/api/v2/silence/{id}")
    GettableSilence get(@PathVariable UUID id) {
        return silences.find(id).map(s -> GettableSilence.of(s, clock.instant())).orElseThrow(() -> noSilence(id));
    }

    @DeleteMapping("/api/v2/silence/{id}")
    ResponseEntity<Void> expire(@PathVariable UUID id) {
        if (silences.find(id).isEmpty()) {
            throw noSilence(id);
        }
        silences.expire(id, clock.instant());
        return ResponseEntity.ok().build();
    }

    /** What amtool reads of Alertmanager's status: this is one "cluster" of itself, ready. */
    @GetMapping("/api/v2/status")
    Map<String, Object> status() {
        return Map.of("cluster", Map.of("name", "dbops-alert-service", "status", "ready", "peers", List.of()),
                "versionInfo", Map.of("version", "dbops", "branch", "", "revision", "", "buildUser", "",
                        "buildDate", "", "goVersion", ""),
                "config", Map.of("original", ""), "uptime", started);
    }

    private static Labels labelsOf(Silence silence) {
        Map<String, String> labels = new HashMap<>();
        silence.matchers().stream().filter(m -> m.op() == Matcher.Op.EQUAL).forEach(m -> labels.put(m.name(), m.value()));
        return new Labels(labels);
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }

    private static ResponseStatusException noSilence(UUID id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no silence " + id);
    }
}
