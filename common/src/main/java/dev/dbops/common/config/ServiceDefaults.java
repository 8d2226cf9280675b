package dev.dbops.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The configuration every dbops service shares ({@value #FILE}: platform database, broker, API token,
 * actuator exposure, problem details), added with the lowest precedence so that anything the service or
 * its operator sets wins.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    static final String FILE = "dbops-service-defaults.yml";
    static final String NAME = "dbops service defaults (" + FILE + ")";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(NAME, new ClassPathResource(FILE));
            documents.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + " from dbops common", e);
        }
    }
}
