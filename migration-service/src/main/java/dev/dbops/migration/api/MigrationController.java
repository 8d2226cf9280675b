package dev.dbops.migration.api;

import dev.dbops.common.event.MigrationRequested;
import dev.dbops.common.event.RollbackRequested;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.intake.RequestIntake;
import dev.dbops.migration.plan.Plan;
import dev.dbops.migration.plan.Planner;
import dev.dbops.migration.plan.TargetInspector;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.HistoryTable;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import java.net.URI;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operator's REST surface: request a migration or rollback, plan one without running it, and read a
 * target's history, its pending steps and a request's status.
 */
@RestController
@RequestMapping("/api")
class MigrationController {

    static final String SOURCE = "/dbops/migration-service/api";

    private final TargetRegistry targets;
    private final RequestIntake intake;
    private final MigrationRequests requests;
    private final Planner planner;
    private final TargetInspector inspector;
    private final FlywayFactory flyways;
    private final PlanSlots planSlots;

    MigrationController(TargetRegistry targets, RequestIntake intake, MigrationRequests requests, Planner planner,
            TargetInspector inspector, FlywayFactory flyways, PlanSlots planSlots) {
        this.targets = targets;
        this.intake = intake;
        this.requests = requests;
        this.planner = planner;
        this.inspector = inspector;
        this.flyways = flyways;
        this.planSlots = planSlots;
    }

    record MigrateBody(@Nullable String requestId, @Nullable String targetVersion, @Nullable Boolean dryRun,
            @Nullable Boolean backupFirst, @Nullable Boolean overrideFindings, String requestedBy, String reason) {
    }

    record RollbackBody(@Nullable String requestId, String toVersion, String requestedBy, String reason) {
    }

    record Accepted(String requestId, String status, String statusUrl) {
    }

    @PostMapping("/targets/{target}/migrations")
    ResponseEntity<Accepted> migrate(@PathVariable String target, @RequestBody MigrateBody body) {
        target(target);
        require(body.requestedBy(), "requestedBy");
        require(body.reason(), "reason");
        MigrationRequest request = intake.accept(new MigrationRequested(id(body.requestId()), target,
                body.targetVersion(), Boolean.TRUE.equals(body.dryRun()), body.backupFirst(), body.requestedBy(),
                body.reason(), Boolean.TRUE.equals(body.overrideFindings())), SOURCE);
        return accepted(request);
    }

    @PostMapping("/targets/{target}/rollbacks")
    ResponseEntity<Accepted> rollback(@PathVariable String target, @RequestBody RollbackBody body) {
        target(target);
        require(body.toVersion(), "toVersion");
        require(body.requestedBy(), "requestedBy");
        require(body.reason(), "reason");
        return accepted(intake.accept(new RollbackRequested(id(body.requestId()), target, body.toVersion(),
                body.requestedBy(), body.reason()), SOURCE));
    }

    @GetMapping("/targets/{target}/plan")
    Plan plan(@PathVariable String target, @RequestParam(required = false) String targetVersion,
            @RequestParam(defaultValue = "false") boolean overrideFindings) throws Exception {
        target(target);
        return planSlots.run(() -> planner.planMigration(target, targetVersion, overrideFindings));
    }

    @GetMapping("/targets/{target}/pending")
    List<PendingStep> pending(@PathVariable String target) throws Exception {
        Target t = target(target);
        return inspector.inspect(t, planner.project(target), null).pending().stream()
                .map(s -> new PendingStep(s.version(), s.description(), s.script(), s.kind(), s.checksum(),
                        s.transactional()))
                .toList();
    }

    record PendingStep(@Nullable String version, String description, String script, String kind,
            @Nullable Integer checksum, boolean transactional) {
    }

    @GetMapping("/targets/{target}/history")
    List<HistoryTable.Row> history(@PathVariable String target) throws Exception {
        Target t = target(target);
        MigrationProject project = planner.project(target);
        var flyway = flyways.flyway(t, project, FlywayFactory.Options.inspect(null));
        try (Connection c = t.connect()) {
            return HistoryTable.of(flyway, c).rows(c);
        }
    }

    @GetMapping("/targets/{target}/requests")
    List<RequestView> requests(@PathVariable String target) {
        target(target);
        return requests.findByTargetOrderByReceivedAtDesc(target).stream().map(RequestView::of).toList();
    }

    @GetMapping("/requests/{requestId}")
    RequestView request(@PathVariable String requestId) {
        return requests.findById(requestId).map(RequestView::of).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no request " + requestId));
    }

    private Target target(String id) {
        return targets.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "unknown target '" + id + "'"));
    }

    private static ResponseEntity<Accepted> accepted(MigrationRequest request) {
        String url = "/api/requests/" + request.requestId();
        return ResponseEntity.accepted().location(URI.create(url))
                .body(new Accepted(request.requestId(), request.status().name(), url));
    }

    private static String id(@Nullable String requestId) {
        return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
    }

    private static void require(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + " is required");
        }
    }
}
