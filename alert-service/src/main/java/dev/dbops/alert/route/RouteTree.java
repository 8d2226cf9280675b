package dev.dbops.alert.route;

import dev.dbops.alert.config.AlertSettings.RouteConfig;
import dev.dbops.alert.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the routing tree configured under {@code dbops.alert.route}: Alertmanager's {@code route}.
 * Unset settings are inherited from the parent; the root's defaults are Alertmanager's.
 */
public final class RouteTree {

    static final List<String> DEFAULT_GROUP_BY = List.of("target", "rule");
    static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    private RouteTree() {
    }

    /** The tree with inherited settings resolved; the root must name a receiver. */
    public static Route of(@Nullable RouteConfig route) {
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
