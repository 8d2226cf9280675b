package dev.dbops.common.deadletter;

import dev.dbops.common.kafka.DbopsKafkaAutoConfiguration;
import dev.dbops.common.kafka.TopicNames;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Dead-letter replay in every service; its REST endpoint wherever the service serves HTTP. */
@AutoConfiguration(after = DbopsKafkaAutoConfiguration.class)
public class DeadLetterAutoConfiguration {

    @Bean
    DeadLetterReplay deadLetterReplay(KafkaProperties kafka, KafkaTemplate<String, Object> template, TopicNames names) {
        return new DeadLetterReplay(kafka.buildConsumerProperties(), template, names);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        @Bean
        DeadLetterController deadLetterController(DeadLetterReplay replay) {
            return new DeadLetterController(replay);
        }
    }
}
