package dev.tidings.plugin.notify.email;

import jakarta.activation.CommandMap;
import jakarta.activation.DataHandler;
import jakarta.activation.MailcapCommandMap;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.handlers.multipart_mixed;
import org.eclipse.angus.mail.handlers.text_html;
import org.eclipse.angus.mail.handlers.text_plain;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends one {@link Mail} over SMTP with Jakarta Mail (Eclipse Angus Mail): plain text and HTML as
 * multipart/alternative, and RFC 8058's {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}.
 * The transport and the content handlers are named as classes, not looked up by the names in the
 * jars' provider and mailcap files: those files are not rewritten when the drop-in jar relocates
 * the mail packages, class literals are.
 */
@Singleton
public class SmtpMailer {

  static {
    MailcapCommandMap map = new MailcapCommandMap();
    map.addMailcap("text/plain;; x-java-content-handler=" + text_plain.class.getName());
    map.addMailcap("text/html;; x-java-content-handler=" + text_html.class.getName());
    map.addMailcap("multipart/*;; x-java-content-handler=" + multipart_mixed.class.getName());
    // This copy of Jakarta Activation is the plugin's own (relocated in the drop-in jar).
    CommandMap.setDefaultCommandMap(map);
  }

  private final EmailSettings settings;
  /** Trusts only email.smtp.trustedCertificates; null: the JVM's trust store. */
  private final SSLSocketFactory trusted;

  @Inject
  public SmtpMailer(EmailSettings settings) {
    this.settings = settings;
    this.trusted = settings.trustedCertificates() == null ? null : SmtpTrust.socketFactory(settings.trustedCertificates());
  }

  /** Sends {@code mail}; throws when the server refuses it or cannot be reached. */
  public void send(Mail mail) throws MessagingException {
    boolean ssl = settings.tls() == EmailSettings.Tls.IMPLICIT;
    String p = ssl ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    String timeout = Long.toString(settings.smtpTimeout().toMillis());
    props.setProperty(p + "connectiontimeout", timeout);
    props.setProperty(p + "timeout", timeout);
    props.setProperty(p + "writetimeout", timeout);
    props.setProperty(p + "auth", Boolean.toString(!settings.smtpUser().isEmpty()));
    if (settings.tls() == EmailSettings.Tls.STARTTLS) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    }
    if (settings.tls() != EmailSettings.Tls.NONE) {
      props.setProperty(p + "ssl.checkserveridentity", "true");
      if (trusted != null) {
        // An instance, not a class name: Angus Mail takes it for both STARTTLS and SMTPS.
        props.put(p + "ssl.socketFactory", trusted);
        // No second try with the JVM's default factory: it would hide this one's error (a name
        // mismatch) behind an unrelated "unable to find valid certification path".
        props.setProperty(p + "socketFactory.fallback", "false");
      }
    }
    Session session = Session.getInstance(props);
    MimeMessage m = message(session, mail);
    URLName url = new URLName(ssl ? "smtps" : "smtp", settings.smtpHost(), settings.smtpPort(), null,
        blankToNull(settings.smtpUser()), blankToNull(settings.smtpPassword()));
    Transport t = ssl ? new SMTPSSLTransport(session, url) : new SMTPTransport(session, url);
    try {
      t.connect(settings.smtpHost(), settings.smtpPort(), blankToNull(settings.smtpUser()),
          blankToNull(settings.smtpPassword()));
      t.sendMessage(m, m.getAllRecipients());
    } finally {
      t.close();
    }
  }

  MimeMessage message(Session session, Mail mail) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(settings.from()));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
    m.setSubject(mail.subject(), "UTF-8");
    m.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
    m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    // RFC 3834: no vacation auto-replies to a notification.
    m.setHeader("Auto-Submitted", "auto-generated");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(part(mail.text(), "text/plain; charset=UTF-8"));
    alternative.addBodyPart(part(mail.html(), "text/html; charset=UTF-8"));
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }

  private static MimeBodyPart part(String body, String type) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new ByteArrayDataSource(body.getBytes(StandardCharsets.UTF_8), type)));
    part.setHeader("Content-Type", type);
    return part;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
