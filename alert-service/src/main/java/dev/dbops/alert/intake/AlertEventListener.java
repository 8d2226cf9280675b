package dev.dbops.alert.intake;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.engine.AlertIntake.Step;
import dev.dbops.alert.engine.AlertIntake;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.inbox.IdempotentConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes the facts of the monitor, backup and migration services a poll at a time: every event of the
 * poll that matters for alerting is applied once (the inbox), in one transaction with the deliveries it
 * causes. A record that cannot be read or mapped stops the batch there: the records before it are applied
 * and committed, it is retried or dead-lettered with its reason, and the records after it come again.
 */
@Component
class AlertEventListener {

    private static final Logger log = LoggerFactory.getLogger(AlertEventListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(AlertEventListener.class);
    static final String CONSUMER = "alert-intake";

    /** An event of the batch and what it means for alerting. */
    private record Applicable(ConsumerRecord<String, CloudEvent<?>> record, List<AlertChange> changes) {

        CloudEvent<?> event() {
            return record.value();
        }
    }

    private final AlertRules rules;
    private final IdempotentConsumer inbox;
    private final AlertIntake intake;
    private final TransactionTemplate tx;
    private final Clock clock;

    AlertEventListener(AlertSettings settings, IdempotentConsumer inbox, AlertIntake intake,
            PlatformTransactionManager transactions, Clock clock) {
        this.rules = new AlertRules(settings.intake());
        this.inbox = inbox;
        this.intake = intake;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @KafkaListener(topics = {"#{@topicNames.monitorEvents()}", "#{@topicNames.backupEvents()}",
            "#{@topicNames.migrationEvents()}"}, concurrency = "${dbops.alert.intake.concurrency:2}", batch = "true",
            properties = "#{@consumerInstance.listenerProperties()}")
    void on(List<ConsumerRecord<String, CloudEvent<?>>> records) {
        List<Applicable> applicable = new ArrayList<>();
        for (ConsumerRecord<String, CloudEvent<?>> record : records) {
            RuntimeException failure = unreadable(record);
            if (failure == null) {
                try {
                    List<AlertChange> changes = rules.changes(record.value());
                    if (!changes.isEmpty()) {
                        applicable.add(new Applicable(record, changes));
                    }
                    continue;
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            apply(applicable);
            throw new BatchListenerFailedException("cannot apply this record", failure, record);
        }
        apply(applicable);
    }

    private static @Nullable RuntimeException unreadable(ConsumerRecord<String, CloudEvent<?>> record) {
        if (record.value() != null) {
            return null;
        }
        RuntimeException cause = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        return cause != null ? cause : new IllegalStateException("record without a value");
    }

    /**
     * Applies the events in one transaction. When that fails they are applied one by one, so the one
     * that fails is named and everything before it is kept.
     */
    private void apply(List<Applicable> applicable) {
        if (applicable.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            tx.executeWithoutResult(status -> {
                Set<String> claimed = inbox.claimAll(CONSUMER, applicable.stream().map(a -> a.event().id()).toList());
                intake.apply(steps(applicable, claimed), clock.instant());
                if (claimed.size() < applicable.size()) {
                    log.info("Ignored {} redelivered event(s) of a batch of {}", applicable.size() - claimed.size(),
                            applicable.size());
                }
            });
            log.debug("Applied a batch of {} events in {} ms", applicable.size(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException batchFailed) {
            log.warn("A batch of {} events could not be applied at once; applying them one by one: {}",
                    applicable.size(), batchFailed.toString());
            for (Applicable one : applicable) {
                try {
                    inbox.process(CONSUMER, one.event(), e -> intake.apply(steps(List.of(one), Set.of(e.id())),
                            clock.instant()));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("cannot apply this event", e, one.record());
                }
            }
        }
    }

    /** The changes of the claimed events, in order; an id seen twice in one poll counts once. */
    private List<Step> steps(List<Applicable> applicable, Set<String> claimed) {
        Instant now = clock.instant();
        Set<String> pending = new HashSet<>(claimed);
        List<Step> steps = new ArrayList<>();
        for (Applicable a : applicable) {
            if (pending.remove(a.event().id())) {
                a.changes().forEach(change -> steps.add(Step.of(change, a.event(), now)));
            }
        }
        return steps;
    }
}
