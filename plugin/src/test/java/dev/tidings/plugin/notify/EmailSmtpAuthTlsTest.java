package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.samplehost.api.PluginContext;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.notify.email.EmailMetrics;
import dev.tidings.plugin.notify.email.EmailMode;
import dev.tidings.plugin.notify.email.EmailSender;
import dev.tidings.plugin.notify.email.EmailSettings;
import dev.tidings.plugin.notify.email.EmailStore;
import dev.tidings.plugin.notify.email.MailComposer;
import dev.tidings.plugin.notify.email.OutboxWriter;
import dev.tidings.plugin.notify.email.SmtpMailer;
import dev.tidings.plugin.notify.email.UnsubscribeTokens;
import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadSubject;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.Requirements;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SMTP authentication and TLS of the email sender, configured only through the documented
 * {@code email.smtp.*} keys, against GreenMail on free 127.0.0.1 ports with the real outbox in
 * SQLite. GreenMail checks the credentials a client presents (it does not refuse a client that
 * presents none): wrong ones are refused, so a delivered mail proves the right ones were sent.
 * A refused mail stays in the outbox with a log line naming the keys to check, never the
 * password, and is delivered once the configuration is fixed. The TLS server uses a certificate
 * made here with the JDK's keytool for 127.0.0.1; the sender trusts it only through
 * {@code email.smtp.trustedCertificates}, with the server's name still checked.
 */
class EmailSmtpAuthTlsTest {

  private static final String LOGIN = "tidings-relay";
  private static final String PASSWORD = "c0rrect-h0rse";
  private static final String WRONG = "Wr0ng-batt3ry";

  @TempDir Path dir;
  private NotifyFixture f;
  private EmailStore store;
  private UserRef bob;
  private RepoRef demo;
  private GreenMail smtp;
  private final List<EmailSender> senders = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger senderLog = (Logger) LoggerFactory.getLogger(EmailSender.class);

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir);
    store = new EmailStore(f.notifyDb);
    f.host.user("alice", false);
    bob = f.host.user("bob", false);
    demo = f.host.repo("alice", "demo", false);
    store.setMode(bob.id(), "bob", EmailMode.IMMEDIATE).get(10, TimeUnit.SECONDS);
    logs.start();
    senderLog.addAppender(logs);
  }

  @AfterEach
  void tearDown() throws Exception {
    senderLog.detachAppender(logs);
    for (EmailSender s : senders) {
      s.stop();
    }
    if (smtp != null) {
      smtp.stop();
    }
    f.close();
  }

  @Test
  void authenticationWithTheDocumentedKeysAndWrongCredentialsKeepTheMailInTheOutbox() throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@example.test", LOGIN, PASSWORD));
    smtp.start();
    int port = smtp.getSmtp().getPort();

    EmailSender wrong = start(settings(port, "none", WRONG, null));
    write("ev-1", 1);
    ILoggingEvent refused = awaitLog("SMTP authentication at 127.0.0.1:" + port + " failed");
    assertThat(refused.getFormattedMessage()).contains("email.smtp.user and email.smtp.password")
        .contains("stay in the outbox").contains("535");
    Await.isTrue("the refused row is put back for a later attempt", () -> count("sent_at = 0 AND attempts >= 1") == 1);
    assertThat(smtp.getReceivedMessages()).isEmpty();
    wrong.stop();

    // The operator fixes the password and restarts: the same outbox row is delivered, once.
    start(settings(port, "none", PASSWORD, null));
    MimeMessage mail = awaitMail();
    assertThat(mail.getSubject()).isEqualTo("[alice/demo] Issue 1 (#1)");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("bob@example.test");
    Await.isTrue("the row is marked sent", () -> count("sent_at > 0") == 1);
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertNoPasswordLogged();
  }

  @Test
  void starttlsIsRequiredAndNeverFallsBackToPlainText() throws Exception {
    // GreenMail's SMTP server offers no STARTTLS: the default tls=starttls must not send anything.
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@example.test", LOGIN, PASSWORD));
    smtp.start();
    int port = smtp.getSmtp().getPort();
    start(settings(port, "starttls", PASSWORD, null));
    write("ev-1", 1);
    ILoggingEvent refused = awaitLog("Sending a notification email via 127.0.0.1:" + port + " failed");
    assertThat(refused.getFormattedMessage()).contains("STARTTLS").contains("stay in the outbox");
    Await.isTrue("the row is put back", () -> count("sent_at = 0 AND attempts >= 1") == 1);
    assertThat(smtp.getReceivedMessages()).isEmpty();
    assertNoPasswordLogged();
  }

  @Test
  void implicitTlsTrustsTheConfiguredCertificateAndChecksTheServerName() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Requirements.require(Files.isExecutable(keytool), "the JDK's keytool (" + keytool + ")");
    Path keystore = dir.resolve("relay.p12");
    Path pem = dir.resolve("relay.pem");
    run(keytool.toString(), "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass",
        "relay-store", "-keypass", "relay-store", "-alias", "relay", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1");
    run(keytool.toString(), "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", "relay-store",
        "-alias", "relay", "-file", pem.toString());
    // GreenMail's TLS server reads its key store from these properties (once per JVM).
    System.setProperty("greenmail.tls.keystore.file", keystore.toString());
    System.setProperty("greenmail.tls.keystore.password", "relay-store");
    System.setProperty("greenmail.tls.key.password", "relay-store");
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@example.test", LOGIN, PASSWORD));
    smtp.start();
    int port = smtp.getSmtps().getPort();

    // Without the key the JVM's trust store applies, and it does not know this certificate.
    EmailSender untrusting = start(settings(port, "implicit", PASSWORD, null));
    write("ev-1", 1);
    ILoggingEvent refused = awaitLog("Sending a notification email via 127.0.0.1:" + port + " failed");
    assertThat(refused.getFormattedMessage()).contains("stay in the outbox").contains("unable to find valid certification path");
    Await.isTrue("the row is put back", () -> count("sent_at = 0 AND attempts >= 1") == 1);
    untrusting.stop();

    // Trusted, but reached by a name the certificate does not carry: refused too.
    EmailSender wrongName = start(settings("localhost", port, "implicit", PASSWORD, pem.toString()));
    ILoggingEvent mismatch = awaitLog("Sending a notification email via localhost:" + port + " failed");
    assertThat(mismatch.getFormattedMessage()).contains("stay in the outbox").contains("No name matching localhost");
    wrongName.stop();
    assertThat(smtp.getReceivedMessages()).isEmpty();

    start(settings(port, "implicit", PASSWORD, pem.toString()));
    MimeMessage mail = awaitMail();
    assertThat(mail.getSubject()).isEqualTo("[alice/demo] Issue 1 (#1)");
    Await.isTrue("the row is marked sent", () -> count("sent_at > 0") == 1);
    assertNoPasswordLogged();

    // The key is checked at start, naming itself.
    assertThatThrownBy(() -> settings(port, "none", PASSWORD, pem.toString()))
        .hasMessageContaining("email.smtp.trustedCertificates").hasMessageContaining("starttls or implicit");
    assertThatThrownBy(() -> settings(port, "implicit", PASSWORD, dir.resolve("absent.pem").toString()))
        .hasMessageContaining("email.smtp.trustedCertificates").hasMessageContaining("absent.pem");
  }

  private EmailSettings settings(int port, String tls, String password, String trusted) {
    return settings("127.0.0.1", port, tls, password, trusted);
  }

  private EmailSettings settings(String host, int port, String tls, String password, String trusted) {
    Properties p = new Properties();
    p.setProperty("email.enabled", "true");
    p.setProperty("email.smtp.host", host);
    p.setProperty("email.smtp.port", Integer.toString(port));
    p.setProperty("email.smtp.tls", tls);
    p.setProperty("email.smtp.user", LOGIN);
    p.setProperty("email.smtp.password", password);
    if (trusted != null) {
      p.setProperty("email.smtp.trustedCertificates", trusted);
    }
    p.setProperty("email.smtp.timeout", "5s");
    p.setProperty("email.from", "Tidings <tidings@example.test>");
    p.setProperty("email.pollInterval", "100ms");
    p.setProperty("email.retry.initialDelay", "200ms");
    p.setProperty("email.retry.maxDelay", "400ms");
    p.setProperty("email.retry.maxAttempts", "1000");
    // A sender stopped in the middle of a pass leaves its claim until it expires (then the next takes the row).
    p.setProperty("email.claimTimeout", "1s");
    return EmailSettings.from(new TidingsConfig(p), new PluginContext("tidings", dir, "http://h.test/"));
  }

  private EmailSender start(EmailSettings settings) {
    PluginContext context = new PluginContext("tidings", dir, "http://h.test/");
    EmailSender sender = new EmailSender(settings, store, new SmtpMailer(settings),
        new MailComposer(settings, new UnsubscribeTokens(settings, context)), f.host, f.host,
        new EmailMetrics(new SimpleMeterRegistry()));
    senders.add(sender);
    sender.start();
    return sender;
  }

  private void write(String eventId, long number) throws Exception {
    ThreadSubject s = new ThreadSubject("alice/demo#" + number, "Issue", number, "Issue " + number, "open", "u",
        "http://h.test/alice/demo/issues/" + number, "", "", demo.id(), "alice", "demo", "alice", "issue.comment");
    OutboxWriter writer = new OutboxWriter(settings(1, "none", PASSWORD, null));
    f.notifyDb.write(c -> {
      writer.written(c, eventId, s, List.of(new Recipient(bob.id(), "bob", Reason.MENTION)), System.currentTimeMillis());
      return null;
    }).get(10, TimeUnit.SECONDS);
  }

  private long count(String where) {
    try {
      return f.notifyDb.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM notify_email_outbox WHERE " + where)) {
          rs.next();
          return rs.getLong(1);
        }
      });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ILoggingEvent awaitLog(String start) {
    return Await.until("a log line starting '" + start + "'", Duration.ofSeconds(20), () -> List.copyOf(logs.list)
        .stream().filter(e -> e.getFormattedMessage().startsWith(start)).findFirst());
  }

  private MimeMessage awaitMail() {
    return Await.until("the email arrives", Duration.ofSeconds(20), () -> {
      MimeMessage[] got = smtp.getReceivedMessages();
      return got.length > 0 ? Optional.of(got[0]) : Optional.empty();
    });
  }

  private void assertNoPasswordLogged() {
    assertThat(List.copyOf(logs.list)).extracting(ILoggingEvent::getFormattedMessage)
        .isNotEmpty().noneMatch(m -> m.contains(PASSWORD) || m.contains(WRONG));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[1]).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command[1], out).isZero();
  }
}
