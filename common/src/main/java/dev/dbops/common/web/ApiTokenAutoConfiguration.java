package dev.dbops.common.web;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Guards a service's REST API with {@code dbops.api.token}; without one it stays open and says so. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiTokenAutoConfiguration {

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(Environment environment) {
        String token = environment.getProperty("dbops.api.token", "");
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>(new ApiTokenFilter(token));
        if (token.isBlank()) {
            LoggerFactory.getLogger(ApiTokenAutoConfiguration.class)
                    .warn("dbops.api.token is not set: the REST API is open to anyone who can reach this port");
        }
        return registration;
    }
}
