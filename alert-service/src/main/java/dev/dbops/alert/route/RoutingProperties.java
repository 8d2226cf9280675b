package dev.dbops.alert.route;

import dev.dbops.alert.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The routing tree as configured under {@code dbops.alert.route}: Alertmanager's {@code route}, with
 * matchers written as Alertmanager writes them ({@code severity="critical"}, {@code rule=~"lock.*"}).
 * Unset settings are inherited from the parent; the root's defaults are Alertmanager's.
 */
@ConfigurationProperties("dbops.alert")
public record RoutingProperties(@Nullable RouteConfig route) {

    /** One node as configured; a bean rather than a record so that it can take Alertmanager's {@code continue}. */
    public static class RouteConfig {
        private @Nullable String receiver;
        private List<String> matchers = new ArrayList<>();
        private @Nullable List<String> groupBy;
        private @Nullable Duration groupWait;
        private @Nullable Duration groupInterval;
        private @Nullable Duration repeatInterval;
        private boolean continueMatching;
        private List<RouteConfig> routes = new ArrayList<>();

        public RouteConfig() {
        }

        public RouteConfig(String receiver, List<String> matchers, boolean continueMatching, RouteConfig... routes) {
            this.receiver = receiver;
            this.matchers = new ArrayList<>(matchers);
            this.continueMatching = continueMatching;
            this.routes = new ArrayList<>(List.of(routes));
        }

        public @Nullable String getReceiver() { return receiver; }
        public void setReceiver(@Nullable String receiver) { this.receiver = receiver; }
        public List<String> getMatchers() { return matchers; }
        public void setMatchers(List<String> matchers) { this.matchers = matchers; }
        public @Nullable List<String> getGroupBy() { return groupBy; }
        public void setGroupBy(@Nullable List<String> groupBy) { this.groupBy = groupBy; }
        public @Nullable Duration getGroupWait() { return groupWait; }
        public void setGroupWait(@Nullable Duration groupWait) { this.groupWait = groupWait; }
        public @Nullable Duration getGroupInterval() { return groupInterval; }
        public void setGroupInterval(@Nullable Duration groupInterval) { this.groupInterval = groupInterval; }
        public @Nullable Duration getRepeatInterval() { return repeatInterval; }
        public void setRepeatInterval(@Nullable Duration repeatInterval) { this.repeatInterval = repeatInterval; }
        /** Alertmanager's {@code continue}: after this route matched, try its later siblings too. */
        public boolean isContinue() { return continueMatching; }
        public void setContinue(boolean continueMatching) { this.continueMatching = continueMatching; }
        public List<RouteConfig> getRoutes() { return routes; }
        public void setRoutes(List<RouteConfig> routes) { this.routes = routes; }
    }

    static final List<String> DEFAULT_GROUP_BY = List.of("target", "rule");
    static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    /** The tree with inherited settings resolved; the root must name a receiver. */
    public Route tree() {
        RouteConfig root = route != null ? route : new RouteConfig("slack", List.of(), false);
        if (root.getReceiver() == null || root.getReceiver().isBlank()) {
            throw new IllegalStateException("dbops.alert.route.receiver: the root route needs a receiver");
        }
        Route defaults = new Route("", List.of(), root.getReceiver(), DEFAULT_GROUP_BY, DEFAULT_GROUP_WAIT,
                DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL, false, List.of());
        return build(root, defaults, "0", "dbops.alert.route");
    }

    private static Route build(RouteConfig config, Route parent, String id, String path) {
        List<Matcher> matchers = new ArrayList<>();
        for (String text : config.getMatchers()) {
            try {
                matchers.add(Matcher.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(path + ".matchers: " + e.getMessage(), e);
            }
        }
        Route self = new Route(id, matchers, or(config.getReceiver(), parent.receiver()),
                or(config.getGroupBy(), parent.groupBy()), or(config.getGroupWait(), parent.groupWait()),
                or(config.getGroupInterval(), parent.groupInterval()),
                or(config.getRepeatInterval(), parent.repeatInterval()), config.isContinue(), List.of());
        List<Route> children = new ArrayList<>();
        List<RouteConfig> childConfigs = config.getRoutes();
        for (int i = 0; i < childConfigs.size(); i++) {
            children.add(build(childConfigs.get(i), self, id + "." + i, path + ".routes[" + i + "]"));
        }
        return new Route(self.id(), self.matchers(), self.receiver(), self.groupBy(), self.groupWait(),
                self.groupInterval(), self.repeatInterval(), self.continueMatching(), children);
    }

    private static <T> T or(@Nullable T value, T inherited) {
        return value != null ? value : inherited;
    }
}
