package dev.dbops.common.kafka;

import dev.dbops.common.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/** Every log line written while a record is processed carries its saga, target and event id. */
public class CorrelationMdc implements RecordInterceptor<String, CloudEvent<?>> {

    static final String[] KEYS = {"correlationId", "target", "eventId", "eventType"};

    @Override
    public ConsumerRecord<String, CloudEvent<?>> intercept(ConsumerRecord<String, CloudEvent<?>> record,
            Consumer<String, CloudEvent<?>> consumer) {
        CloudEvent<?> event = record.value();
        if (event != null) {
            MDC.put("correlationId", event.sagaId());
            MDC.put("target", event.subject());
            MDC.put("eventId", event.id());
            MDC.put("eventType", event.type());
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<String, CloudEvent<?>> record, Consumer<String, CloudEvent<?>> consumer) {
        for (String key : KEYS) {
            MDC.remove(key);
        }
    }
}
