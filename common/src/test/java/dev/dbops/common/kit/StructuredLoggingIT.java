package dev.dbops.common.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} turns a service's console log into one JSON object a line,
 * and what it prints while it starts and stops names none of its secrets. (A password inside a target's URL
 * never gets this far: the target registry refuses it at start-up.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIT {

    private static final String API_TOKEN = "api-token-never-logged";
    private static final String TARGET_PASSWORD = "target-password-never-logged";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("structured_logging");

    /**
     * Logging is global to the JVM, and Spring Boot leaves the format in a system property that later
     * applications in this JVM would inherit: the tests after this one log as plain text again.
     */
    @AfterEach
    void plainLogsAgain() {
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    }

    @Test
    void everyLineIsAnEcsJsonObjectAndNoSecretIsPrinted(CapturedOutput output) {
        Map<String, String> properties = KitTestSupport.properties(db, "StructuredLoggingIT");
        properties.put("logging.structured.format.console", "ecs");
        properties.put("dbops.api.token", API_TOKEN);
        properties.put("dbops.targets.orders.password", TARGET_PASSWORD);
        try (var app = new SpringApplicationBuilder(KitTestApplication.class)
                .properties(KafkaKitIT.toArgs(properties)).run()) {
            assertThat(app.isRunning()).isTrue();
        }

        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = output.getOut().lines().dropWhile(line -> !line.startsWith("{")).toList();
        assertThat(lines).as("log lines once logging is configured").hasSizeGreaterThan(10);
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertThat(event.path("@timestamp").asString()).as(line).isNotBlank();
            assertThat(event.path("log").path("level").asString()).as(line).isNotBlank();
            assertThat(event.path("service").path("name").asString()).as(line).isEqualTo("kit-test");
        }
        assertThat(lines).anySatisfy(line -> assertThat(json.readTree(line).path("message").asString())
                .startsWith("Started "));
        assertThat(output.getAll()).doesNotContain(API_TOKEN, TARGET_PASSWORD);
    }
}
