package dev.dbops.alert.receiver.email;

import static dev.dbops.alert.Fixtures.T0;
import static dev.dbops.alert.Fixtures.firing;
import static dev.dbops.alert.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Outcome;
import dev.dbops.common.event.Severity;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** E-mail through a real SMTP server (GreenMail). */
class EmailReceiverIT {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    EmailReceiver receiver(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        return new EmailReceiver("email", sender, "127.0.0.1:" + port, "dbops@example.com",
                List.of("oncall@example.com", "dba@example.com"), true);
    }

    @Test
    void sendsSubjectWithSeverityAndTargetAndTextAndHtmlBodies() throws Exception {
        Notification notification = new Notification("d-7", "email", "k", Map.of("target", "orders"),
                List.of(firing("orders", "connections.used", Severity.WARNING)), List.of(), T0);

        Outcome outcome = receiver(smtp.getSmtp().getPort()).send(notification);

        assertThat(outcome.accepted()).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2); // one per recipient
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo(
                "[dbops] [FIRING:1] [WARNING] orders: orders: connections.used is 97% (threshold 90%)");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("dbops@example.com");
        assertThat(mail.getHeader("X-Dbops-Delivery-Id")[0]).isEqualTo("d-7");
        List<BodyPart> parts = leaves((Multipart) mail.getContent());
        assertThat(parts).extracting(p -> p.getContentType().split(";")[0].toLowerCase())
                .containsExactly("text/plain", "text/html");
        String text = (String) parts.get(0).getContent();
        assertThat(text).contains("Firing (1)").contains("* orders: connections.used is 97% (threshold 90%)")
                .contains("target orders, rule connections.used, severity warning")
                .contains("runbook https://runbooks.example.com/connections.used");
        String html = (String) parts.get(1).getContent();
        assertThat(html).contains("<table").contains("<td>warning</td>")
                .contains("<a href=\"https://runbooks.example.com/connections.used\">runbook</a>");
    }

    @Test
    void aResolvedNotificationSaysResolvedInItsSubject() {
        Notification notification = new Notification("d-8", "email", "k", Map.of(), List.of(),
                List.of(resolved("orders", "connections.used", Severity.WARNING)), T0);
        assertThat(EmailMessages.subject(notification)).startsWith("[dbops] [RESOLVED:1] [WARNING] orders: ");
        assertThat(EmailMessages.text(notification)).contains("Resolved (1)");
    }

    @Test
    void anUnreachableServerIsRetryable() {
        Outcome outcome = receiver(1).send(new Notification("d-9", "email", "k", Map.of(),
                List.of(firing("orders", "x", Severity.WARNING)), List.of(), T0));
        assertThat(outcome.retryable()).isTrue();
    }

    private static List<BodyPart> leaves(Multipart multipart) throws Exception {
        List<BodyPart> leaves = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                leaves.addAll(leaves(nested));
            } else {
                leaves.add(part);
            }
        }
        return leaves;
    }
}
