package dev.tidings.plugin.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.config.TidingsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The emails' text: Gitea's subject, links from email.baseUrl, HTML escaped, a digest per user. */
class MailComposerTest {

  private final MailComposer composer;

  MailComposerTest() {
    Properties p = new Properties();
    p.setProperty("email.baseUrl", "https://git.example.test");
    EmailSettings s = EmailSettings.from(new TidingsConfig(p), new PluginContext("tidings", Path.of("."), "http://h/"));
    composer = new MailComposer(s, new UnsubscribeTokens("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)));
  }

  private static OutboxRow row(long id, String title, long number, String event) {
    return new OutboxRow(id, 7, "bob", EmailMode.IMMEDIATE, "k" + id, "Issue", number, title,
        "https://git.example.test/alice/demo/issues/" + number, 1, "alice", "demo", "mention", "alice", event, 0, 0);
  }

  @Test
  void oneUpdate() {
    Mail m = composer.single("bob@example.test", row(1, "Fix <b>the</b> build\r\nBcc: x", 3, "issue.comment"));
    assertThat(m.subject()).isEqualTo("[alice/demo] Fix <b>the</b> build Bcc: x (#3)");
    assertThat(m.text()).contains("@alice commented in alice/demo").contains("https://git.example.test/alice/demo/issues/3")
        .contains("you were mentioned").contains("https://git.example.test/plugins/tidings/email/unsubscribe?token=v1.7.");
    assertThat(m.html()).contains("Fix &lt;b&gt;the&lt;/b&gt; build").doesNotContain("<b>the</b>");
    assertThat(m.unsubscribeUrl()).startsWith("https://git.example.test/plugins/tidings/email/unsubscribe?token=v1.7.");
  }

  @Test
  void aPushHasNoNumber() {
    assertThat(MailComposer.subject(row(1, "Pushes to main", 0, "push"))).isEqualTo("[alice/demo] Pushes to main");
  }

  @Test
  void aDigestListsEveryUpdate() {
    Mail m = composer.digest("bob@example.test", 7, List.of(row(1, "One", 1, "issue.opened"), row(2, "Two", 2, "pr.opened")));
    assertThat(m.subject()).isEqualTo("[Tidings] 2 notifications (daily digest)");
    assertThat(m.text()).contains("[alice/demo] One (#1)").contains("[alice/demo] Two (#2)").contains("opened a pull request");
    assertThat(m.html()).contains("<li>").contains("issues/2");
  }

  @Test
  void settingsAreCheckedAndThePasswordNeverPrinted() {
    Properties p = new Properties();
    p.setProperty("email.enabled", "true");
    p.setProperty("email.smtp.host", "smtp.example.test");
    p.setProperty("email.from", "t@example.test");
    p.setProperty("email.smtp.password", "hunter2");
    EmailSettings s = EmailSettings.from(new TidingsConfig(p), new PluginContext("tidings", Path.of("."), "http://h/"));
    assertThat(s.toString()).doesNotContain("hunter2");
    assertThat(s.smtpPort()).isEqualTo(587);
    assertThat(s.backoff(1).toSeconds()).isEqualTo(30);
    assertThat(s.backoff(2).toSeconds()).isEqualTo(60);
    assertThat(s.backoff(30).toHours()).isEqualTo(1);
    p.setProperty("email.digest.hour", "24");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmailSettings.from(new TidingsConfig(p),
        new PluginContext("tidings", Path.of("."), "http://h/"))).hasMessageContaining("email.digest.hour");
    p.setProperty("email.digest.hour", "8");
    p.setProperty("email.smtp.tls", "maybe");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmailSettings.from(new TidingsConfig(p),
        new PluginContext("tidings", Path.of("."), "http://h/"))).hasMessageContaining("email.smtp.tls");
  }
}
