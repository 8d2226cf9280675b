package dev.dbops.monitor.api;

import dev.dbops.common.event.Severity;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.monitor.backups.BackupAges;
import dev.dbops.monitor.breaches.BreachLedger;
import dev.dbops.monitor.engine.IndexHealth;
import dev.dbops.monitor.engine.PollScheduler;
import dev.dbops.monitor.engine.PollStats;
import dev.dbops.monitor.engine.Servers;
import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.rules.Rule;
import dev.dbops.monitor.status.StatusBoard;
import dev.dbops.monitor.status.TargetStatus;
import dev.dbops.monitor.store.Breaches;
import dev.dbops.monitor.store.SlowQueries;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api")
class TargetsController {

    private static final Logger log = LoggerFactory.getLogger(TargetsController.class);

    private final TargetRegistry targets;
    private final StatusBoard board;
    private final BreachLedger ledger;
    private final Breaches breaches;
    private final SlowQueries slowQueries;
    private final BackupAges backups;
    private final IndexHealth indexHealth;
    private final PollScheduler scheduler;
    private final Servers servers;

    TargetsController(TargetRegistry targets, StatusBoard board, BreachLedger ledger, Breaches breaches,
            SlowQueries slowQueries, BackupAges backups, IndexHealth indexHealth, PollScheduler scheduler,
            Servers servers) {
        this.targets = targets;
        this.board = board;
        this.ledger = ledger;
        this.breaches = breaches;
        this.slowQueries = slowQueries;
        this.backups = backups;
        this.indexHealth = indexHealth;
        this.scheduler = scheduler;
        this.servers = servers;
    }

    @GetMapping("/targets")
    List<StatusView.TargetSummary> targets() {
        return board.all().stream().sorted(Comparator.comparing(TargetStatus::target)).map(s -> {
            Map<Rule, Severity> open = ledger.openSeverities(s.target());
            String worst = open.containsValue(Severity.CRITICAL) ? "critical"
                    : open.isEmpty() ? null : "warning";
            return new StatusView.TargetSummary(s.target(), s.reachable(), s.lastPoll(), open.size(), worst);
        }).toList();
    }

    @GetMapping("/targets/{id}")
    StatusView.TargetDetail target(@PathVariable String id) {
        TargetStatus s = status(id);
        Map<Rule, Severity> open = ledger.openSeverities(id);
        Map<String, StatusView.RuleValue> rules = new LinkedHashMap<>();
        s.readings().forEach((name, reading) -> {
            Severity severity = open.get(reading.rule());
            rules.put(name, new StatusView.RuleValue(reading.value(), reading.rule().unit(),
                    severity == null ? null : severity.name().toLowerCase(Locale.ROOT), reading.details()));
        });
        return new StatusView.TargetDetail(id, s.reachable(), s.lastPoll(), s.error(), s.circuit(), s.pollMillis(),
                s.failedChecks(), rules, s.values(),
                breaches.findByTargetAndResolvedAtIsNullOrderBySince(id).stream().map(StatusView.BreachView::of).toList(),
                s.windowStart() == null ? null : new StatusView.Window(s.windowStart(), s.windowEnd()),
                s.topStatements(),
                slowQueries.findByTargetOrderByWindowEndDesc(id, PageRequest.of(0, 20)).stream()
                        .map(StatusView.SlowQueryView::of).toList(),
                backups.lastCompleted(id).orElse(null), s.indexes());
    }

    @GetMapping("/targets/{id}/breaches")
    List<StatusView.BreachView> breaches(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        status(id);
        return breaches.findByTargetOrderBySinceDesc(id, PageRequest.of(0, Math.min(limit, 1000))).stream()
                .map(StatusView.BreachView::of).toList();
    }

    @GetMapping("/targets/{id}/slow-queries")
    List<StatusView.SlowQueryView> slowQueries(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        status(id);
        return slowQueries.findByTargetOrderByWindowEndDesc(id, PageRequest.of(0, Math.min(limit, 1000))).stream()
                .map(StatusView.SlowQueryView::of).toList();
    }

    /** Computed now, on a connection of its own. */
    @GetMapping("/targets/{id}/indexes")
    IndexReport indexes(@PathVariable String id) {
        Target target = targets.find(id).orElseThrow(() -> notFound(id));
        try {
            return indexHealth.report(target);
        } catch (SQLException e) {
            String reason = "target " + id + " could not be read: " + targets.redact(String.valueOf(e.getMessage()));
            log.warn("Index health: {}", reason);
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, reason);
        }
    }

    @GetMapping("/polling")
    Map<String, Object> polling() {
        PollStats stats = scheduler.stats();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("targets", targets.all().size());
        figures.put("lagMs", stats.lag());
        figures.put("intervalDeviationMs", stats.intervalDeviation());
        figures.put("skippedPolls", stats.skippedPolls());
        figures.put("pollsWithoutConnection", stats.pollsWithoutConnection());
        figures.put("openConnections", servers.openConnections());
        return figures;
    }

    private TargetStatus status(String id) {
        return board.get(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no target '" + id + "'");
    }
}
