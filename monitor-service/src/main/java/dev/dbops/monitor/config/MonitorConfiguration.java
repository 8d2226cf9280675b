package dev.dbops.monitor.config;

import dev.dbops.monitor.rules.RuleBook;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MonitorConfiguration {

    @Bean
    RuleBook ruleBook(MonitorSettings properties) {
        Map<String, Map<String, RuleBook.Override>> perTarget = new LinkedHashMap<>();
        properties.targets().forEach((target, overrides) -> perTarget.put(target, overrides.rules()));
        return new RuleBook(properties.rules().breachAfter(), properties.rules().clearAfter(),
                properties.rules().levels(), perTarget);
    }
}
