package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.testing.support.Await;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email notifications with the drop-in jar on the real host and an in-process SMTP server
 * (GreenMail on a free 127.0.0.1 port, set in tidings.properties): bob chooses immediate emails
 * and gets one per mention with Gitea's subject, the thread's link and RFC 8058 unsubscribe
 * headers; then a daily digest of three updates (sent now by an administrator); the unsubscribe
 * link turns emails off; a mention in a repository bob lost access to before the email went out
 * is never mailed; and mail written while the SMTP server is down arrives once it is back, once.
 */
class EmailNotificationsTest {

  private GreenMail smtp;
  private int smtpPort;

  @AfterEach
  void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void immediateDigestUnsubscribeAccessLossAndAnSmtpOutage(@TempDir Path temp) throws Exception {
    smtpPort = freePort();
    startSmtp();
    Path data = Files.createDirectories(temp.resolve("host").resolve("data").resolve("plugins-data").resolve("tidings"));
    Files.writeString(data.resolve("tidings.properties"), String.join("\n",
        "email.enabled=true",
        "email.smtp.host=127.0.0.1",
        "email.smtp.port=" + smtpPort,
        "email.smtp.tls=none",
        "email.from=Tidings <tidings@example.com>",
        "email.pollInterval=200ms",
        "email.retry.initialDelay=300ms",
        "email.retry.maxDelay=1s",
        "email.smtp.timeout=5s", ""));
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      Rest bob = Rest.bob(host);

      // The choice, validated.
      Rest.Answer none = bob.get("plugins/tidings/api/preferences/email");
      assertThat(none.json().path("mode").asText()).as("%s", none).isEqualTo("off");
      assertThat(none.json().path("address").asText()).isEqualTo("bob@example.com");
      Rest.Answer bad = bob.put("plugins/tidings/api/preferences/email", "{\"mode\":\"weekly\"}");
      assertThat(bad.status()).as("%s", bad).isEqualTo(422);
      assertThat(bad.body()).contains("mode").contains("weekly");
      assertThat(Rest.anonymous(host).put("plugins/tidings/api/preferences/email", "{\"mode\":\"daily\"}").status())
          .isEqualTo(401);
      setMode(bob, "immediate");

      // 1. Immediate: alice mentions bob in a comment -> one email.
      long issue = issue(alice, "alice/demo", "Email: the release plan", "no mention here");
      comment(alice, "alice/demo", issue, "@bob what do you think?");
      MimeMessage first = mails(1).get(0);
      assertThat(first.getSubject()).isEqualTo("[alice/demo] Email: the release plan (#" + issue + ")");
      assertThat(first.getAllRecipients()[0].toString()).isEqualTo("bob@example.com");
      String unsubscribe = first.getHeader("List-Unsubscribe")[0];
      assertThat(unsubscribe).startsWith("<" + host.baseUrl() + "plugins/tidings/email/unsubscribe?token=v1.");
      assertThat(first.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
      assertThat(text(first)).contains(host.baseUrl() + "alice/demo/issues/" + issue).contains("@alice commented");

      // 2. Daily: three updates, one digest when an administrator sends the digests now.
      setMode(bob, "daily");
      comment(alice, "alice/demo", issue, "@bob one more thing");
      comment(alice, "alice/demo", issue, "@bob and another");
      long second = issue(alice, "alice/demo", "Email: digest item", "@bob for the digest");
      awaitThread(bob, "Email: digest item");
      Rest.Answer refused = bob.post("plugins/tidings/api/admin/email/digest", null);
      assertThat(refused.status()).as("not an administrator: %s", refused).isEqualTo(403);
      Rest.Answer digestNow = alice.post("plugins/tidings/api/admin/email/digest", null);
      assertThat(digestNow.status()).as("%s", digestNow).isEqualTo(202);
      assertThat(digestNow.json().path("due").asInt()).isEqualTo(3);
      MimeMessage digest = mails(2).get(1);
      assertThat(digest.getSubject()).isEqualTo("[Tidings] 3 notifications (daily digest)");
      assertThat(text(digest)).contains("[alice/demo] Email: digest item (#" + second + ")")
          .contains("[alice/demo] Email: the release plan (#" + issue + ")");

      // 3. Unsubscribe: GET shows a page and changes nothing; the one-click POST turns emails off.
      URI link = URI.create(digest.getHeader("List-Unsubscribe")[0].replaceAll("^<|>$", ""));
      Rest.Answer page = Rest.send(HttpRequest.newBuilder(link).GET().build());
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      assertThat(page.body()).contains("Unsubscribe");
      assertThat(mode(bob)).isEqualTo("daily");
      Rest.Answer forged = Rest.send(HttpRequest.newBuilder(URI.create(link.toString().replaceAll(".$", "A")
          .replaceAll("token=v1\\.[0-9]+", "token=v1.1"))).POST(oneClick()).build());
      assertThat(forged.status()).as("%s", forged).isEqualTo(400);
      Rest.Answer done = Rest.send(HttpRequest.newBuilder(link).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(oneClick()).build());
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      assertThat(done.body()).contains("unsubscribed");
      assertThat(mode(bob)).isEqualTo("off");
      issue(alice, "alice/demo", "Email: while unsubscribed", "@bob you will not get this by email");
      awaitThread(bob, "Email: while unsubscribed");

      // 4. Access lost before sending, during an SMTP outage; then the server is back.
      setMode(bob, "immediate");
      Rest.Answer added = alice.put("api/v1/repos/acme/secret/collaborators/bob", "{\"permission\":\"read\"}");
      assertThat(added.status()).as("%s", added).isEqualTo(204);
      smtp.stop();
      issue(alice, "acme/secret", "Email: secret acquisition", "@bob please look");
      awaitThread(bob, "Email: secret acquisition");
      Rest.Answer removed = alice.send("DELETE", "api/v1/repos/acme/secret/collaborators/bob", null);
      assertThat(removed.status()).as("%s", removed).isEqualTo(204);
      long outage = issue(alice, "alice/demo", "Email: written during the outage", "@bob still there?");
      awaitThread(bob, "Email: written during the outage");
      startSmtp();
      MimeMessage late = Await.until("the email written during the outage arrives", Duration.ofSeconds(30),
          () -> Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains("outage")).findFirst());
      assertThat(late.getSubject()).isEqualTo("[alice/demo] Email: written during the outage (#" + outage + ")");
      // A last mention, mailed after everything before it: the outage mail came once, the secret never.
      issue(alice, "alice/demo", "Email: sentinel", "@bob last one");
      Await.until("the sentinel email arrives", Duration.ofSeconds(30),
          () -> Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains("sentinel")).findFirst());
      List<String> subjects = Arrays.stream(smtp.getReceivedMessages()).map(EmailNotificationsTest::subject).toList();
      assertThat(subjects).hasSize(2);
      assertThat(subjects.get(0)).isEqualTo("[alice/demo] Email: written during the outage (#" + outage + ")");
      assertThat(subjects.get(1)).contains("Email: sentinel");
      Rest.Answer metrics = alice.get("plugins/tidings/metrics");
      assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
      assertThat(metrics.body()).as("the mention in acme/secret was dropped and counted")
          .containsPattern("tidings_email_dropped_total\\{[^}]*reason=\"no_access\"[^}]*\\} 1\\.0");
    }
  }

  private void startSmtp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  private List<MimeMessage> mails(int n) {
    return Await.until(n + " email(s) received", Duration.ofSeconds(30), () -> {
      MimeMessage[] got = smtp.getReceivedMessages();
      assertThat(got.length).as("never more than %d emails", n).isLessThanOrEqualTo(n);
      return got.length == n ? Optional.of(List.of(got)) : Optional.empty();
    });
  }

  private static HttpRequest.BodyPublisher oneClick() {
    return HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click", StandardCharsets.UTF_8);
  }

  private static void setMode(Rest user, String mode) {
    Rest.Answer a = user.put("plugins/tidings/api/preferences/email", "{\"mode\":\"" + mode + "\"}");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().path("mode").asText()).isEqualTo(mode);
  }

  private static String mode(Rest user) {
    return user.get("plugins/tidings/api/preferences/email").json().path("mode").asText();
  }

  private static long issue(Rest author, String repo, String title, String body) {
    Rest.Answer a = author.post("api/v1/repos/" + repo + "/issues",
        "{\"title\":\"" + title + "\",\"body\":\"" + body + "\"}");
    assertThat(a.status()).as("%s", a).isEqualTo(201);
    return a.json().path("number").asLong();
  }

  private static void comment(Rest author, String repo, long issue, String body) {
    Rest.Answer a = author.post("api/v1/repos/" + repo + "/issues/" + issue + "/comments", "{\"body\":\"" + body + "\"}");
    assertThat(a.status()).as("%s", a).isEqualTo(201);
  }

  /** Waits until the user's inbox lists {@code title}: its thread and its outbox row are committed together. */
  private static void awaitThread(Rest user, String title) {
    Await.until(user.user() + "'s inbox lists " + title, () -> {
      JsonNode list = user.get("api/v1/notifications?all=true").json();
      return StreamSupport.stream(list.spliterator(), false)
          .filter(t -> t.path("subject").path("title").asText().equals(title)).findFirst();
    });
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String text(MimeMessage m) throws Exception {
    MimeMultipart parts = (MimeMultipart) m.getContent();
    return String.valueOf(parts.getBodyPart(0).getContent());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
