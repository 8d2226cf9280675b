package dev.dbops.alert.route;

import dev.dbops.alert.model.Labels;
import dev.dbops.alert.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the routing tree, with its settings already inherited from its parent. The root matches
 * every alert; an alert goes down the first child that matches it and, where that child has
 * {@code continue}, on to its later siblings too; where no child matches, the node itself takes it.
 *
 * @param id the node's path in the tree ("0", "0.2", "0.2.1"): part of every group key it makes
 */
public record Route(String id, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
        Duration groupInterval, Duration repeatInterval, boolean continueMatching, List<Route> routes) {

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The routes that take an alert with these labels, in tree order (Alertmanager's semantics). */
    public List<Route> match(Labels labels) {
        List<Route> matched = new ArrayList<>();
        collect(labels, matched);
        return matched;
    }

    private boolean collect(Labels labels, List<Route> matched) {
        if (!Matcher.all(matchers, labels)) {
            return false;
        }
        boolean childMatched = false;
        for (Route child : routes) {
            if (child.collect(labels, matched)) {
                childMatched = true;
                if (!child.continueMatching) {
                    break;
                }
            }
        }
        if (!childMatched) {
            matched.add(this);
        }
        return true;
    }

    /** Every receiver the tree names, for checking them against the configured receivers. */
    public List<String> receivers() {
        List<String> all = new ArrayList<>(List.of(receiver));
        routes.forEach(r -> all.addAll(r.receivers()));
        return all;
    }
}
