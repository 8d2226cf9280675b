package dev.dbops.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The configuration every dbops service shares ({@value #FILE}: platform database, broker, API token,
 * actuator exposure, problem details), with the lowest precedence so that anything the service, its
 * operator or its caller sets wins, {@code SpringApplication}'s default properties included: Spring Boot moves
 * those to the very end after this runs, so the shared values ride inside them, behind their own.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    static final String FILE = "dbops-service-defaults.yml";
    static final String NAME = "dbops service defaults (" + FILE + ")";
    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> callersDefaults = sources.get(DEFAULT_PROPERTIES);
        CompositePropertySource lowest = new CompositePropertySource(
                callersDefaults == null ? NAME : DEFAULT_PROPERTIES);
        if (callersDefaults != null) {
            lowest.addPropertySource(callersDefaults);
        }
        load().forEach(lowest::addPropertySource);
        if (callersDefaults == null) {
            sources.addLast(lowest);
        } else {
            sources.replace(DEFAULT_PROPERTIES, lowest);
        }
    }

    private static List<PropertySource<?>> load() {
        try {
            return new YamlPropertySourceLoader().load(NAME, new ClassPathResource(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + " from dbops common", e);
        }
    }
}
