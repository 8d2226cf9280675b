package dev.dbops.alert.receiver.email;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import dev.dbops.alert.model.AlertTexts;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Labels;
import java.util.Locale;
import java.util.Map;

/** The e-mail of a notification: a subject with severity and target, a plain-text and an HTML body. */
public final class EmailMessages {

    private EmailMessages() {
    }

    /** [dbops] [FIRING:1] [CRITICAL] orders: orders: replication.lag is 12 s (threshold 5 s) since ... */
    public static String subject(Notification notification) {
        Alert first = notification.alerts().get(0);
        String state = notification.firing().isEmpty() ? "RESOLVED:" + notification.resolved().size()
                : "FIRING:" + notification.firing().size();
        return AlertTexts.abbreviate("[dbops] [" + state + "] [" + first.labels().get(Labels.SEVERITY)
                .toUpperCase(Locale.ROOT) + "] " + first.target() + ": " + first.summary(), 250);
    }

    public static String text(Notification notification) {
        StringBuilder text = new StringBuilder();
        append(text, "Firing", notification, true);
        append(text, "Resolved", notification, false);
        text.append("-- \ndbops alert-service, delivery ").append(notification.deliveryId()).append('\n');
        return text.toString();
    }

    private static void append(StringBuilder text, String heading, Notification notification, boolean firing) {
        var alerts = firing ? notification.firing() : notification.resolved();
        if (alerts.isEmpty()) {
            return;
        }
        text.append(heading).append(" (").append(alerts.size()).append(")\n\n");
        for (Alert alert : alerts) {
            text.append("* ").append(alert.summary()).append('\n');
            if (alert.description() != null) {
                text.append("  ").append(alert.description()).append('\n');
            }
            text.append("  target ").append(alert.target()).append(", rule ").append(alert.rule())
                    .append(", severity ").append(alert.labels().get(Labels.SEVERITY))
                    .append(", since ").append(alert.startsAt()).append('\n');
            if (alert.runbookUrl() != null) {
                text.append("  runbook ").append(alert.runbookUrl()).append('\n');
            }
            text.append('\n');
        }
    }

    public static String html(Notification notification) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.append("<h2>").append(htmlEscape(subject(notification))).append("</h2>");
        table(html, "Firing", notification, true);
        table(html, "Resolved", notification, false);
        html.append("<p style=\"color:#888\">dbops alert-service, delivery ")
                .append(htmlEscape(notification.deliveryId())).append("</p></body></html>");
        return html.toString();
    }

    private static void table(StringBuilder html, String heading, Notification notification, boolean firing) {
        var alerts = firing ? notification.firing() : notification.resolved();
        if (alerts.isEmpty()) {
            return;
        }
        html.append("<h3>").append(heading).append(" (").append(alerts.size()).append(")</h3>")
                .append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\">")
                .append("<tr><th>severity</th><th>target</th><th>rule</th><th>summary</th><th>since</th>")
                .append("<th>runbook</th></tr>");
        for (Alert alert : alerts) {
            Map<String, String> labels = alert.labels().values();
            html.append("<tr><td>").append(htmlEscape(labels.getOrDefault(Labels.SEVERITY, ""))).append("</td><td>")
                    .append(htmlEscape(alert.target())).append("</td><td>").append(htmlEscape(alert.rule()))
                    .append("</td><td>").append(htmlEscape(alert.summary()))
                    .append(alert.description() == null ? "" : "<br><small>" + htmlEscape(alert.description())
                            + "</small>")
                    .append("</td><td>").append(alert.startsAt()).append("</td><td>")
                    .append(alert.runbookUrl() == null ? "" : "<a href=\"" + htmlEscape(alert.runbookUrl())
                            + "\">runbook</a>")
                    .append("</td></tr>");
        }
        html.append("</table>");
    }
}
