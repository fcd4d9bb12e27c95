package dev.tidings.plugin.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unsubscribe tokens: they verify for their user only, any change breaks them, and the secret file is made once. */
class UnsubscribeTokensTest {

  @TempDir Path dir;

  @Test
  void aTokenVerifiesForItsUserOnly() {
    UnsubscribeTokens t = new UnsubscribeTokens("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    String token = t.token(42);
    assertThat(token).startsWith("v1.42.");
    assertThat(t.verify(token)).isEqualTo(OptionalLong.of(42));
    assertThat(t.verify(token.replace("v1.42.", "v1.43."))).isEmpty();
    assertThat(t.verify(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))).isEmpty();
    assertThat(t.verify(null)).isEmpty();
    assertThat(t.verify("v1.x.y")).isEmpty();
    assertThat(t.verify("v1.42.%%%")).isEmpty();
    assertThat(t.verify("v1.42")).isEmpty();
    UnsubscribeTokens other = new UnsubscribeTokens("another-secret-of-20".getBytes(StandardCharsets.UTF_8));
    assertThat(other.verify(token)).as("another installation's secret").isEmpty();
  }

  @Test
  void theSecretFileIsCreatedOnceAndKept() throws Exception {
    Path file = dir.resolve("plugin").resolve(UnsubscribeTokens.FILE);
    byte[] first = UnsubscribeTokens.loadOrCreate(file);
    assertThat(first).hasSize(32);
    assertThat(UnsubscribeTokens.loadOrCreate(file)).isEqualTo(first);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (var files = Files.list(file.getParent())) {
      assertThat(files.count()).as("no temp file left").isEqualTo(1);
    }
  }
}
