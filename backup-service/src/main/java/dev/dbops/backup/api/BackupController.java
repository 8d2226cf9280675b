package dev.dbops.backup.api;

import dev.dbops.backup.BackupSettings;
import dev.dbops.backup.catalog.Backup;
import dev.dbops.backup.catalog.Backups;
import dev.dbops.backup.intake.BackupRequests;
import dev.dbops.backup.restore.RestoreJobs;
import dev.dbops.backup.work.TargetWorkers;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.event.RestoreRequested;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.target.UnknownTargetException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalog over HTTP: list and inspect backups and restores, ask for a backup, a verification, a restore. */
@RestController
class BackupController {

    private final Backups backups;
    private final RestoreJobs restores;
    private final BackupRequests requests;
    private final TargetRegistry targets;
    private final TargetWorkers workers;
    private final TransactionTemplate tx;
    private final BackupSettings settings;

    /** The source a REST restore counts as, for {@code targets.<id>.restore.allowed-sources}. */
    static final String API_SOURCE = "/dbops/backup-service/api";

    BackupController(Backups backups, RestoreJobs restores, BackupRequests requests, TargetRegistry targets,
            TargetWorkers workers, TransactionTemplate tx, BackupSettings settings) {
        this.backups = backups;
        this.restores = restores;
        this.requests = requests;
        this.targets = targets;
        this.workers = workers;
        this.tx = tx;
        this.settings = settings;
    }

    record NewBackup(String target, @Nullable BackupReason reason, @Nullable String requestedBy,
            @Nullable String requestId) {
    }

    record NewRestore(String backupId, String intoDatabase, @Nullable List<String> tables,
            @Nullable List<String> schemas, @Nullable Boolean overwrite, @Nullable Boolean allowUnverified,
            @Nullable String requestedBy, @Nullable String requestId) {
    }

    @GetMapping("/backups")
    List<BackupView> list(@RequestParam(required = false) @Nullable String target,
            @RequestParam(required = false) @Nullable String status) {
        List<Backup> all = target != null ? backups.findByTargetOrderByRequestedAtDesc(target)
                : backups.findAll().stream().sorted(Comparator.comparing(Backup::requestedAt).reversed()).toList();
        return all.stream()
                .filter(b -> status == null || b.status().name().equalsIgnoreCase(status))
                .map(BackupView::summary)
                .toList();
    }

    @GetMapping("/backups/{backupId}")
    ResponseEntity<BackupView> get(@PathVariable String backupId) {
        return ResponseEntity.of(backups.findById(backupId).map(BackupView::detail));
    }

    @PostMapping("/backups")
    ResponseEntity<BackupView> backup(@RequestBody NewBackup body) {
        targets.require(body.target());
        String requestId = Objects.requireNonNullElseGet(body.requestId(), () -> UUID.randomUUID().toString());
        BackupRequested request = new BackupRequested(requestId, body.target(),
                Objects.requireNonNullElse(body.reason(), BackupReason.MANUAL),
                Objects.requireNonNullElse(body.requestedBy(), "rest"));
        Backup queued = tx.execute(status -> requests.backup(request, requestId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(BackupView.summary(queued));
    }

    @PostMapping("/backups/{backupId}/verify")
    ResponseEntity<BackupView> verify(@PathVariable String backupId) {
        // A worker may finish a verification between our read and write; then read again and re-ask.
        for (int attempt = 1; ; attempt++) {
            try {
                ResponseEntity<BackupView> response = tx.execute(status -> backups.findById(backupId).map(b -> {
                    b.reverify();
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(BackupView.summary(backups.save(b)));
                }).orElse(ResponseEntity.notFound().build()));
                workers.wakeUp();
                return response;
            } catch (OptimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @GetMapping("/restores")
    List<RestoreView> restores(@RequestParam String target) {
        return restores.findByTargetOrderByRequestedAtDesc(target).stream().map(RestoreView::of).toList();
    }

    @GetMapping("/restores/{requestId}")
    ResponseEntity<RestoreView> restore(@PathVariable String requestId) {
        return ResponseEntity.of(restores.findById(requestId).map(RestoreView::of));
    }

    @PostMapping("/restores")
    ResponseEntity<?> restore(@RequestBody NewRestore body) {
        Backup backup = backups.findById(body.backupId()).orElse(null);
        if (backup == null) {
            return ResponseEntity.notFound().build();
        }
        if (settings.restoreOf(backup.target()).allowedSources().stream()
                .noneMatch(pattern -> Target.matches(pattern, API_SOURCE))) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "restores of target "
                    + backup.target() + " are not allowed over REST: dbops.backup.targets." + backup.target()
                    + ".restore.allowed-sources does not match " + API_SOURCE));
        }
        String requestId = Objects.requireNonNullElseGet(body.requestId(), () -> UUID.randomUUID().toString());
        RestoreRequested request = new RestoreRequested(requestId, backup.target(), body.backupId(),
                body.intoDatabase(), body.tables(), body.schemas(), Boolean.TRUE.equals(body.overwrite()),
                Boolean.TRUE.equals(body.allowUnverified()), Objects.requireNonNullElse(body.requestedBy(), "rest"));
        var queued = tx.execute(status -> requests.restore(request, requestId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RestoreView.of(queued));
    }

    @ExceptionHandler(UnknownTargetException.class)
    ResponseEntity<Map<String, String>> unknownTarget(UnknownTargetException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler({IllegalStateException.class, OptimisticLockingFailureException.class})
    ResponseEntity<Map<String, String>> conflict(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
