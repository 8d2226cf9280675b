package dev.dbops.backup.api;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.intake.BackupRequests;
import dev.dbops.backup.restore.RestoreJobs;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.Backups;
import dev.dbops.common.engine.TargetWorkerLoop;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.event.RestoreRequested;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The catalog over HTTP: list and inspect backups and restores, ask for a backup, a verification, a restore. */
@RestController
class BackupController {

    private final Backups backups;
    private final RestoreJobs restores;
    private final BackupRequests requests;
    private final TargetRegistry targets;
    private final TargetWorkerLoop workers;
    private final TransactionTemplate tx;
    private final BackupSettings settings;

    /** The source a REST restore counts as, for {@code targets.<id>.restore.allowed-sources}. */
    static final String API_SOURCE = "/dbops/backup-service/api";

    BackupController(Backups backups, RestoreJobs restores, BackupRequests requests, TargetRegistry targets,
            TargetWorkerLoop workers, TransactionTemplate tx, BackupSettings settings) {
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

    @GetMapping("/api/backups")
    List<BackupView> list(@RequestParam(required = false) @Nullable String target,
            @RequestParam(required = false) @Nullable String status) {
        List<Backup> all = target != null ? backups.findByTargetOrderByRequestedAtDesc(target)
                : backups.findAll().stream().sorted(Comparator.comparing(Backup::requestedAt).reversed()).toList();
        return all.stream()
                .filter(b -> status == null || b.status().name().equalsIgnoreCase(status))
                .map(BackupView::summary)
                .toList();
    }

    @GetMapping("/api/backups/{backupId}")
    BackupView get(@PathVariable String backupId) {
        return BackupView.detail(backup(backupId));
    }

    @PostMapping("/api/backups")
    ResponseEntity<BackupView> backup(@RequestBody NewBackup body) {
        targets.require(body.target());
        String requestId = Objects.requireNonNullElseGet(body.requestId(), () -> UUID.randomUUID().toString());
        BackupRequested request = new BackupRequested(requestId, body.target(),
                Objects.requireNonNullElse(body.reason(), BackupReason.MANUAL),
                Objects.requireNonNullElse(body.requestedBy(), "rest"));
        Backup queued = tx.execute(status -> requests.backup(request, requestId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(BackupView.summary(queued));
    }

    @PostMapping("/api/backups/{backupId}/verify")
    ResponseEntity<BackupView> verify(@PathVariable String backupId) {
        // A worker may finish a verification between our read and write; then read again and re-ask.
        for (int attempt = 1; ; attempt++) {
            try {
                ResponseEntity<BackupView> response = tx.execute(status -> {
                    Backup b = backup(backupId);
                    b.reverify();
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(BackupView.summary(backups.save(b)));
                });
                workers.wakeUp();
                return response;
            } catch (OptimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @GetMapping("/api/restores")
    List<RestoreView> restores(@RequestParam String target) {
        return restores.findByTargetOrderByRequestedAtDesc(target).stream().map(RestoreView::of).toList();
    }

    @GetMapping("/api/restores/{requestId}")
    RestoreView restore(@PathVariable String requestId) {
        return restores.findById(requestId).map(RestoreView::of).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no restore " + requestId));
    }

    @PostMapping("/api/restores")
    ResponseEntity<RestoreView> restore(@RequestBody NewRestore body) {
        Backup backup = backup(body.backupId());
        if (settings.restoreOf(backup.target()).allowedSources().stream()
                .noneMatch(pattern -> Target.matches(pattern, API_SOURCE))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "restores of target " + backup.target()
                    + " are not allowed over REST: dbops.backup.targets." + backup.target()
                    + ".restore.allowed-sources does not match " + API_SOURCE);
        }
        String requestId = Objects.requireNonNullElseGet(body.requestId(), () -> UUID.randomUUID().toString());
        RestoreRequested request = new RestoreRequested(requestId, backup.target(), body.backupId(),
                body.intoDatabase(), body.tables(), body.schemas(), Boolean.TRUE.equals(body.overwrite()),
                Boolean.TRUE.equals(body.allowUnverified()), Objects.requireNonNullElse(body.requestedBy(), "rest"));
        var queued = tx.execute(status -> requests.restore(request, requestId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RestoreView.of(queued));
    }

    private Backup backup(String backupId) {
        return backups.findById(backupId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no backup " + backupId));
    }

    /** A backup not in a state for what was asked (verifying one that has not completed). */
    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
