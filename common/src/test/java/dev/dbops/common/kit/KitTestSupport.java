package dev.dbops.common.kit;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings a KitTestApplication runs with: its own schema on the test database, its own topics. */
final class KitTestSupport {

    private KitTestSupport() {
    }

    static Map<String, String> properties(TestDatabase db, String testName) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.application.name", "kit-test");
        // the kit needs no web server (Tomcat is on common's classpath only for its error valve)
        p.put("spring.main.web-application-type", "none");
        p.put("spring.datasource.url", db.url());
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.hikari.schema", "kit");
        p.put("spring.flyway.schemas", "kit");
        p.put("spring.flyway.default-schema", "kit");
        p.put("spring.flyway.locations", "classpath:db/kit-test");
        p.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        p.put("spring.kafka.consumer.group-id", TestKafka.topicPrefix(testName) + "group");
        p.put("dbops.kafka.topic-prefix", TestKafka.topicPrefix(testName));
        p.put("dbops.kafka.partitions", "2");
        p.put("dbops.kafka.retry.initial-interval", "100ms");
        p.put("dbops.kafka.retry.max-interval", "1s");
        // an unreachable platform database fails an attempt within a second, not Hikari's default 30 s
        p.put("spring.datasource.hikari.connection-timeout", "1000");
        p.put("dbops.targets.orders.url", db.url());
        p.put("dbops.targets.orders.username", "postgres");
        return p;
    }
}
