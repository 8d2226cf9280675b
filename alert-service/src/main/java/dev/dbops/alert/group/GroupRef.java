package dev.dbops.alert.group;

import dev.dbops.alert.model.Labels;
import dev.dbops.alert.route.Route;
import java.time.Duration;

/** The group an alert joins on one route: the route's receiver and timers, and the alert's group labels. */
public record GroupRef(String receiver, String routeId, Labels groupLabels, Duration groupWait,
        Duration groupInterval, Duration repeatInterval) {

    public static GroupRef of(Route route, Labels labels) {
        return new GroupRef(route.receiver(), route.id(), labels.only(route.groupBy()), route.groupWait(),
                route.groupInterval(), route.repeatInterval());
    }

    /** Unique per receiver, route and group label values, as Alertmanager's group key. */
    public String key() {
        return receiver + "|" + routeId + "|" + groupLabels;
    }
}
