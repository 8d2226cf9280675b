package dev.dbops.monitor.breaches;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.Severity;
import dev.dbops.common.event.ThresholdBreached;
import dev.dbops.common.event.ThresholdResolved;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.monitor.rules.Hysteresis;
import dev.dbops.monitor.rules.OpenBreach;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import dev.dbops.monitor.rules.RuleBook;
import dev.dbops.monitor.rules.RuleState;
import dev.dbops.monitor.rules.Transition;
import dev.dbops.monitor.store.Breach;
import dev.dbops.monitor.store.Breaches;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates readings with hysteresis and records every transition with its event in one transaction. The
 * in-memory rule states change only after that transaction commits, so a failed write is retried at the next
 * poll; open breaches are loaded from the schema at start, so a restart neither re-emits nor forgets them.
 */
@Component
public class BreachLedger {

    private static final Logger log = LoggerFactory.getLogger(BreachLedger.class);

    private final Breaches breaches;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final RuleBook rules;
    private final Map<String, Map<Rule, RuleState>> states = new ConcurrentHashMap<>();

    BreachLedger(Breaches breaches, EventPublisher events, PlatformTransactionManager transactions, RuleBook rules) {
        this.breaches = breaches;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.rules = rules;
        for (Breach open : breaches.findByResolvedAtIsNull()) {
            Rule.byName(open.rule()).ifPresent(rule -> stateOf(open.target()).put(rule, RuleState.open(
                    new OpenBreach(Severity.valueOf(open.severity()), open.since()))));
        }
    }

    /** Evaluates one poll's readings of a target; called by one thread per target at a time. */
    public void evaluate(String target, List<Reading> readings, Instant now) {
        Map<Rule, RuleState> current = stateOf(target);
        for (Reading reading : readings) {
            Rule rule = reading.rule();
            RuleState state = current.getOrDefault(rule, RuleState.IDLE);
            Hysteresis.Step step = Hysteresis.evaluate(state, rules.settings(target, rule), reading, now);
            if (step.transition() != null) {
                try {
                    tx.executeWithoutResult(status -> record(target, step.transition(), now));
                } catch (RuntimeException e) {
                    log.error("Could not record {} of {} on target {}; retrying at the next poll",
                            step.transition().getClass().getSimpleName(), rule.ruleName(), target, e);
                    continue;
                }
            }
            current.put(rule, step.state());
        }
    }

    /** The severity of every open breach of a target. */
    public Map<Rule, Severity> openSeverities(String target) {
        Map<Rule, Severity> open = new EnumMap<>(Rule.class);
        stateOf(target).forEach((rule, state) -> {
            if (state.open() != null) {
                open.put(rule, state.open().severity());
            }
        });
        return open;
    }

    private void record(String target, Transition transition, Instant now) {
        Rule rule = transition.rule();
        if (transition instanceof Transition.Breached b) {
            String details = EventCodec.mapper().writeValueAsString(b.details());
            Breach breach = breaches.findByTargetAndRuleAndResolvedAtIsNull(target, rule.ruleName()).orElse(null);
            if (breach == null) {
                breach = new Breach(target, rule.ruleName(), b.severity().name(), b.value(), b.threshold(),
                        rule.unit(), b.since(), details, now);
            } else {
                breach.changeSeverity(b.severity().name(), b.value(), b.threshold(), details, now);
            }
            breaches.save(breach);
            events.publish(new ThresholdBreached(target, rule.ruleName(), b.severity(), b.value(), b.threshold(),
                    rule.unit(), b.since(), b.details()));
            log.info("{} {} on target {}: {} {} (threshold {}){}", b.previous() == null ? "Breach" : "Severity change of",
                    rule.ruleName(), target, b.severity().name().toLowerCase(Locale.ROOT), b.value(), b.threshold(),
                    b.previous() == null ? "" : " from " + b.previous().name().toLowerCase(Locale.ROOT));
        } else if (transition instanceof Transition.Resolved r) {
            breaches.findByTargetAndRuleAndResolvedAtIsNull(target, rule.ruleName()).ifPresent(breach -> {
                breach.resolve(r.value(), r.resolvedAt());
                breaches.save(breach);
            });
            events.publish(new ThresholdResolved(target, rule.ruleName(), r.value(), r.breachedAt(), r.resolvedAt()));
            log.info("Resolved {} on target {} (value {})", rule.ruleName(), target, r.value());
        }
    }

    private Map<Rule, RuleState> stateOf(String target) {
        return states.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
    }
}
