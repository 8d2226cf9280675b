package dev.dbops.common.web;

import org.apache.catalina.core.StandardHost;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A service's REST conventions: {@code dbops.api.token} guards the API (without one it stays open and says
 * so), every error is a problem detail, and the OpenAPI document (where springdoc is present) says so.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebApiAutoConfiguration {

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(Environment environment) {
        String token = environment.getProperty("dbops.api.token", "");
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>(new ApiTokenFilter(token));
        if (token.isBlank()) {
            LoggerFactory.getLogger(WebApiAutoConfiguration.class)
                    .warn("dbops.api.token is not set: the REST API is open to anyone who can reach this port");
        }
        return registration;
    }

    @Bean
    ApiProblems apiProblems() {
        return new ApiProblems();
    }

    /** Errors Tomcat answers itself, before Spring MVC, are problems too (see {@link ProblemReportValve}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.valves.ErrorReportValve",
            "org.springframework.boot.tomcat.TomcatContextCustomizer"})
    static class TomcatErrors {

        @Bean
        TomcatContextCustomizer problemReportValve() {
            return context -> ((StandardHost) context.getParent())
                    .setErrorReportValveClass(ProblemReportValve.class.getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(GlobalOpenApiCustomizer.class)
    static class OpenApi {

        @Bean
        ProblemResponses problemResponses() {
            return new ProblemResponses();
        }
    }
}
