package dev.gavel.server.market.alerts;

import dev.gavel.core.Secret;
import dev.gavel.market.alert.AlertChannel;
import dev.gavel.store.market.AlertStore;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Delivers alerts by e-mail through an SMTP server (Jakarta Mail, Eclipse Angus): a plain-text message saying what
 * fired, with connect, read and write timeouts so a stuck server holds up only its own delivery. An address the
 * server refuses is not retried; every other failure is. Messages are sent by a few platform threads of its own:
 * Jakarta Mail does its socket I/O inside {@code synchronized} methods, which would pin the carriers of the
 * dispatcher's virtual threads (before JDK 24) and so hold up webhooks behind a slow mail server. Thread-safe:
 * each message opens its own connection.
 */
public final class EmailSender implements AlertSender, AutoCloseable {
    private static final int THREADS = 4;

    private final AlertSettings.Smtp smtp;
    private final Session session;
    private final Clock clock;
    private final ExecutorService mailThreads = Executors.newFixedThreadPool(
            THREADS, Thread.ofPlatform().name("gavel-alert-mail-", 0).daemon().factory());

    public EmailSender(AlertSettings.Smtp smtp, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
        var props = new Properties();
        String timeout = Long.toString(smtp.timeout().toMillis());
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        props.put("mail.smtp.auth", Boolean.toString(smtp.user().isPresent()));
        if (smtp.startTls()) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public Outcome send(AlertStore.Claimed delivery) {
        if (!(delivery.channel() instanceof AlertChannel.Email email)) {
            return new Outcome.Failed(
                    "not an e-mail address: " + delivery.channel().kind(), false);
        }
        try {
            var message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.address(), true));
            message.setSubject(AlertMessage.subject(delivery), StandardCharsets.UTF_8.name());
            message.setText(AlertMessage.text(delivery), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("X-Gavel-Delivery", Long.toString(delivery.deliveryId()));
            if (smtp.user().isPresent()) {
                Transport.send(
                        message,
                        smtp.user().get(),
                        smtp.password().map(Secret::reveal).orElse(""));
            } else {
                Transport.send(message);
            }
            return new Outcome.Delivered("accepted by " + smtp.host() + ":" + smtp.port());
        } catch (AddressException e) {
            return new Outcome.Failed("not a deliverable address: " + e.getMessage(), false);
        } catch (SendFailedException e) {
            boolean refused = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            return new Outcome.Failed("the mail server refused the message: " + e.getMessage(), !refused);
        } catch (MessagingException e) {
            return new Outcome.Failed(
                    "sending mail through " + smtp.host() + ":" + smtp.port() + " failed: " + e.getMessage(), true);
        }
    }

    @Override
    public void close() {
        mailThreads.shutdownNow();
    }
}
