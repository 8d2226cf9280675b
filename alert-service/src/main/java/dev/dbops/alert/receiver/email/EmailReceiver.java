package dev.dbops.alert.receiver.email;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.model.Receiver;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail over SMTP (Spring Mail): multipart/alternative with a text and an HTML part. Connection
 * problems are retryable; a refused address or a bad message is not.
 */
public class EmailReceiver implements Receiver {

    private final String name;
    private final JavaMailSender mail;
    private final String host;
    private final String from;
    private final List<String> to;
    private final boolean sendResolved;

    public EmailReceiver(String name, JavaMailSender mail, String host, String from, List<String> to,
            boolean sendResolved) {
        this.name = name;
        this.mail = mail;
        this.host = host;
        this.from = from;
        this.to = List.copyOf(to);
        this.sendResolved = sendResolved;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public boolean sendsResolved() {
        return sendResolved;
    }

    @Override
    public String endpoint() {
        return "smtp://" + host + " to " + String.join(", ", to);
    }

    @Override
    public Outcome send(Notification notification) {
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, UTF_8.name());
            helper.setFrom(from);
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject(EmailMessages.subject(notification));
            helper.setText(EmailMessages.text(notification), EmailMessages.html(notification));
            message.setHeader("X-Dbops-Delivery-Id", notification.deliveryId());
            mail.send(message);
            return Outcome.accepted(250);
        } catch (MailParseException | MailPreparationException | MessagingException e) {
            return Outcome.permanent(0, "message refused: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            return Outcome.retryable(0, "SMTP authentication failed: " + e.getMessage(), null);
        } catch (MailException e) {
            boolean refused = e.getMostSpecificCause() instanceof SendFailedException;
            return refused ? Outcome.permanent(0, "recipients refused: " + e.getMostSpecificCause().getMessage())
                    : Outcome.retryable(0, "SMTP: " + e.getMostSpecificCause().getMessage(), null);
        }
    }
}
