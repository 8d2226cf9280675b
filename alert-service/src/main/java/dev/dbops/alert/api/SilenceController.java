package dev.dbops.alert.api;

import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.silence.Silence;
import dev.dbops.alert.silence.Silences;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Create, list and expire silences. Matchers are written as in Alertmanager: {@code target="orders"}. */
@RestController
@RequestMapping("/api/silences")
class SilenceController {

    record NewSilence(@NotEmpty List<String> matchers, @Nullable Instant startsAt, @NotNull Instant endsAt,
            @NotBlank String createdBy, @NotBlank String comment) {
    }

    record SilenceView(UUID id, List<String> matchers, Instant startsAt, Instant endsAt, String createdBy,
            String comment, Instant createdAt, String state) {

        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(s.id(), s.matchers().stream().map(Matcher::toString).toList(), s.startsAt(),
                    s.endsAt(), s.createdBy(), s.comment(), s.createdAt(), s.state(now));
        }
    }

    private final Silences silences;
    private final Clock clock;

    SilenceController(Silences silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<SilenceView> create(@Validated @RequestBody NewSilence request) {
        Instant now = clock.instant();
        Silence silence = new Silence(UUID.randomUUID(), request.matchers().stream().map(Matcher::parse).toList(),
                request.startsAt() == null ? now : request.startsAt(), request.endsAt(), request.createdBy(),
                request.comment(), now);
        silences.save(silence);
        return ResponseEntity.status(HttpStatus.CREATED).body(SilenceView.of(silence, now));
    }

    @GetMapping
    List<SilenceView> list() {
        Instant now = clock.instant();
        return silences.all().stream().map(s -> SilenceView.of(s, now)).toList();
    }

    @GetMapping("/{id}")
    SilenceView get(@PathVariable UUID id) {
        return silences.find(id).map(s -> SilenceView.of(s, clock.instant())).orElseThrow(() -> noSilence(id));
    }

    /** Expires the silence now; alerts it muted that still fire are notified on their group's next flush. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> expire(@PathVariable UUID id) {
        if (silences.find(id).isEmpty()) {
            throw noSilence(id);
        }
        silences.expire(id, clock.instant());
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException noSilence(UUID id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no silence " + id);
    }
}
