package dev.dbops.alert.receiver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.alert.config.AlertSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mock.env.MockEnvironment;

class ReceiversTest {

    static Receivers receivers(Map<String, String> settings) {
        AlertSettings properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("dbops.alert", AlertSettings.class);
        return new Receivers(properties, new MockEnvironment(),
                new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class));
    }

    @Test
    void aBadWebhookUrlStopsTheStartWithTheReceiverAndTheReasonButNotTheUrl() {
        assertThatThrownBy(() -> receivers(Map.of("dbops.alert.receivers.slack.type", "slack",
                "dbops.alert.receivers.slack.url", "https://hooks.slack.com/services/T0/B0/SEC RET")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("invalid alert receivers: dbops.alert.receivers.slack: not a valid URL "
                        + "(Illegal character in path at index 42)")
                .message().doesNotContain("SEC").doesNotContain("/services");
    }
}
