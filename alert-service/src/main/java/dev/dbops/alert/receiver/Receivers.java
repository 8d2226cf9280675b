package dev.dbops.alert.receiver;

import dev.dbops.alert.config.AlertSettings.ReceiverConfig;
import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Receiver;
import dev.dbops.alert.receiver.email.EmailReceiver;
import dev.dbops.alert.receiver.pagerduty.PagerDutyReceiver;
import dev.dbops.alert.receiver.slack.SlackReceiver;
import dev.dbops.alert.receiver.webhook.WebhookReceiver;
import dev.dbops.alert.route.RouteTree;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The configured receivers, each behind its Resilience4j guards. A receiver that lacks its URL, key or
 * SMTP host is disabled rather than failing every delivery; an unknown receiver named by a route or as
 * fallback stops the start with the name.
 */
@Component
public class Receivers {

    private static final Logger log = LoggerFactory.getLogger(Receivers.class);
    static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private final Map<String, ResilientReceiver> enabled = new LinkedHashMap<>();
    private final Map<String, String> disabled = new LinkedHashMap<>();
    private final Map<String, ReceiverConfig> configs;
    private final @Nullable String fallback;
    private final String externalUrl;
    private final ResilientReceiver.Guards guards = ResilientReceiver.Guards.standalone();

    public Receivers(AlertSettings properties, Environment environment,
            ObjectProvider<JavaMailSender> mail) {
        this.configs = properties.receivers();
        this.externalUrl = properties.externalUrl();
        List<String> problems = new ArrayList<>();
        properties.receivers().forEach((name, config) -> {
            try {
                Receiver receiver = create(name, config, environment, mail);
                if (receiver == null) {
                    return;
                }
                enabled.put(name, new ResilientReceiver(receiver, config.resilience(), config.ratePerSecond(), guards));
                log.info("Receiver {} ({}) sends to {}", name, config.type(), receiver.endpoint());
            } catch (IllegalArgumentException e) {
                problems.add("dbops.alert.receivers." + name + ": " + e.getMessage());
            }
        });
        for (String name : RouteTree.of(properties.route()).receivers()) {
            if (!properties.receivers().containsKey(name)) {
                problems.add("a route names receiver '" + name + "', which dbops.alert.receivers does not define");
            }
        }
        String fallbackName = properties.fallbackReceiver();
        if (fallbackName != null && !fallbackName.isBlank() && !properties.receivers().containsKey(fallbackName)) {
            problems.add("dbops.alert.fallback-receiver names '" + fallbackName + "', which is not defined");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid alert receivers: " + String.join("; ", problems));
        }
        this.fallback = fallbackName == null || fallbackName.isBlank() ? null : fallbackName;
        disabled.forEach((name, why) -> log.warn("Receiver {} is disabled: {}", name, why));
    }

    private @Nullable Receiver create(String name, ReceiverConfig config, Environment environment,
            ObjectProvider<JavaMailSender> mail) {
        String type = config.type() == null ? "" : config.type();
        switch (type) {
            case "pagerduty" -> {
                if (blank(config.routingKey())) {
                    disabled.put(name, "no routing key (DBOPS_PAGERDUTY_ROUTING_KEY)");
                    return null;
                }
                return new PagerDutyReceiver(name, uri(blank(config.url()) ? PAGERDUTY_EVENTS_URL : config.url()),
                        config.routingKey(), config.sendResolved(), config.timeout());
            }
            case "slack" -> {
                if (blank(config.url())) {
                    disabled.put(name, "no webhook URL (DBOPS_SLACK_WEBHOOK_URL)");
                    return null;
                }
                return new SlackReceiver(name, uri(config.url()), config.sendResolved(), config.timeout());
            }
            case "webhook" -> {
                if (blank(config.url())) {
                    disabled.put(name, "no URL");
                    return null;
                }
                return new WebhookReceiver(name, uri(config.url()), config.headers(), config.sendResolved(),
                        config.timeout(), new WebhookReceiver.Body(externalUrl, config.maxAlerts()));
            }
            case "email" -> {
                String host = environment.getProperty("spring.mail.host", "");
                JavaMailSender sender = mail.getIfAvailable();
                if (host.isBlank() || sender == null) {
                    disabled.put(name, "no SMTP host (DBOPS_SMTP_HOST)");
                    return null;
                }
                if (config.to().isEmpty()) {
                    disabled.put(name, "no recipients (to)");
                    return null;
                }
                return new EmailReceiver(name, sender, host + ":" + environment.getProperty("spring.mail.port", "25"),
                        config.from(), config.to(), config.sendResolved());
            }
            default -> throw new IllegalArgumentException("type '" + type
                    + "' is none of pagerduty, slack, email, webhook");
        }
    }

    private static URI uri(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            // the exception's own message quotes the whole URL, secrets and all
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        return uri;
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    public boolean isEnabled(String name) {
        return enabled.containsKey(name);
    }

    public Optional<ResilientReceiver> get(String name) {
        return Optional.ofNullable(enabled.get(name));
    }

    public Collection<ResilientReceiver> all() {
        return enabled.values();
    }

    public Map<String, String> disabled() {
        return disabled;
    }

    public Map<String, ReceiverConfig> configs() {
        return configs;
    }

    /** The enabled receivers' circuit breakers, retries and rate limiters. */
    public ResilientReceiver.Guards guards() {
        return guards;
    }

    /** The fallback receiver when one is configured, enabled and not {@code failed} itself. */
    public Optional<String> fallbackFor(String failed) {
        return fallback != null && !fallback.equals(failed) && enabled.containsKey(fallback)
                ? Optional.of(fallback) : Optional.empty();
    }
}
