package dev.dbops.common.kafka;

import dev.dbops.common.event.Topics;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.cloudevents.RejectedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Dead letters go to {@code <topic>-dlt}, same partition, with the original headers, Spring's
 * {@code kafka_dlt-*} headers and {@code dbops_dlt_reason}: one line an operator can act on.
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "dbops_dlt_reason";

    private DeadLetters() {
    }

    public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        recoverer.addHeadersFunction(DeadLetters::reasonHeader);
        return recoverer;
    }

    static Headers reasonHeader(ConsumerRecord<?, ?> record, Exception exception) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason(exception).getBytes(UTF_8));
        return headers;
    }

    /**
     * The innermost message that says why, without Spring's wrapping (including the one a batch listener
     * throws to name the failed record of its batch). Only permanent failures are dead-lettered: transient
     * ones are retried until they pass.
     */
    public static String reason(Throwable exception) {
        Throwable cause = innermost(exception);
        String kind = cause instanceof RejectedEventException ? "rejected" : "failed";
        return kind + ": " + cause.getMessage();
    }

    static Throwable innermost(Throwable exception) {
        Throwable cause = exception;
        while ((cause instanceof ListenerExecutionFailedException || cause instanceof DeserializationException
                || cause instanceof BatchListenerFailedException || cause.getMessage() == null)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
