package dev.dbops.common.kafka;

import dev.dbops.common.event.Topics;
import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.CloudEventDeserializer;
import dev.dbops.common.cloudevents.RejectedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The Kafka kit: topics with their dead-letter topics, an idempotent acks=all producer without type
 * headers, and listeners that read CloudEvents and dead-letter what can never succeed at once while
 * retrying the rest with bounded exponential back-off until it succeeds (blocking, so per-target order
 * holds), their health DOWN meanwhile.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaKitProperties.class)
public class DbopsKafkaAutoConfiguration {

    @Bean
    TopicNames topicNames(KafkaKitProperties kit) {
        return new TopicNames(kit.topicPrefix());
    }

    @Bean
    KafkaAdmin.NewTopics dbopsTopics(KafkaKitProperties kit, TopicNames names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(new NewTopic(names.of(topic), kit.partitions(), kit.replicationFactor()));
            topics.add(new NewTopic(names.deadLetterOf(topic), kit.partitions(), kit.replicationFactor()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    ProducerFactory<String, Object> kafkaProducerFactory(KafkaProperties kafka, ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A broker outage surfaces within seconds, so the outbox relay backs off instead of hanging.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        DefaultKafkaProducerFactory<String, Object> factory =
                new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new DbopsValueSerializer());
        // this factory replaces Boot's, and with it Boot's customizer that would export the client metrics
        meters.ifAvailable(registry -> factory.addListener(new MicrometerProducerListener<>(registry)));
        return factory;
    }

    @Bean
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    ConsumerFactory<String, CloudEvent<?>> kafkaConsumerFactory(KafkaProperties kafka, KafkaKitProperties kit,
            ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        DefaultKafkaConsumerFactory<String, CloudEvent<?>> factory = new DefaultKafkaConsumerFactory<>(props,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(new CloudEventDeserializer(kit.maxPayloadBytes(), kit.factSources().byTopic())));
        // consumer lag (kafka_consumer_fetch_manager_records_lag_max) and the other client metrics
        meters.ifAvailable(registry -> factory.addListener(new MicrometerConsumerListener<>(registry)));
        return factory;
    }

    @Bean
    StalledPartitions stalledPartitions(KafkaKitProperties kit) {
        // a partition revoked while stalled is no longer retried here: forget it after a few missed retries
        return new StalledPartitions(Clock.systemUTC(), kit.retry().maxInterval().multipliedBy(3).plusMinutes(1));
    }

    /**
     * Permanent failures (malformed, unknown type, schema violation, unknown target, forbidden source) are
     * dead-lettered at once; every other failure is transient (platform database, target or broker away)
     * and retried with bounded back-off for as long as it takes, so an outage loses nothing.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, Object> template, KafkaKitProperties kit,
            StalledPartitions stalled) {
        ExponentialBackOff backOff = new ExponentialBackOff(kit.retry().initialInterval().toMillis(),
                kit.retry().multiplier());
        backOff.setMaxInterval(kit.retry().maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(DeadLetters.recoverer(template), backOff);
        handler.addNotRetryableExceptions(RejectedEventException.class);
        handler.setRetryListeners(stalled);
        return handler;
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<String, CloudEvent<?>> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<String, CloudEvent<?>> consumerFactory, DefaultErrorHandler errorHandler,
            StalledPartitions stalled) {
        ConcurrentKafkaListenerContainerFactory<String, CloudEvent<?>> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure((ConcurrentKafkaListenerContainerFactory) factory, (ConsumerFactory) consumerFactory);
        factory.setCommonErrorHandler(errorHandler);
        factory.setRecordInterceptor(new CompositeRecordInterceptor<>(new CorrelationMdc(), stalled.recordSuccess()));
        factory.setBatchInterceptor(stalled.batchSuccess());
        return factory;
    }

    @Bean
    ListenerHealthIndicator kafkaListenersHealthIndicator(StalledPartitions stalled) {
        return new ListenerHealthIndicator(stalled);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(kafka.buildAdminProperties(), Duration.ofSeconds(3));
    }
}
