package dev.dbops.alert.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

/** Two live instances never share a group.instance.id: the second stops at start-up; a stopped one frees its name. */
class ConsumerInstanceIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_instance");

    static ConsumerInstance start(String id) throws Exception {
        AlertSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("dbops.alert.instance-id", id)))
                .bindOrCreate("dbops.alert", AlertSettings.class);
        return new ConsumerInstance(settings, new MockEnvironment(),
                new DriverManagerDataSource(platform.url(), TestPostgres.USER, ""), new KafkaProperties());
    }

    @Test
    void aSecondInstanceWithTheSameNameStopsAtStartUpNamingTheKey() throws Exception {
        ConsumerInstance first = start("alert-a");
        try {
            assertThat(first.listenerProperties()).containsExactly("group.instance.id=alert-a");
            assertThatThrownBy(() -> start("alert-a")).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("dbops.alert.instance-id 'alert-a' is held by another running instance");
            start("alert-b").destroy();
        } finally {
            first.destroy();
        }
        start("alert-a").destroy();
    }
}
