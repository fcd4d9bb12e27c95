package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GitHub-style mention rules against a directory with alice, bob and carol. */
class MentionExtractorTest {

  final MentionExtractor m = new MentionExtractor(new TestDirectory());

  @Test
  void findsExistingUsersInOrderOnce() {
    assertThat(m.extract("@bob please look, cc @alice and @bob again")).containsExactly("bob", "alice");
  }

  @Test
  void ignoresEmailsPathsWordsAndUnknownUsers() {
    assertThat(m.extract("mail bob@example.org, see a/@carol, x@alice, @nobody")).isEmpty();
  }

  @Test
  void ignoresCodeSpansAndFencedBlocks() {
    assertThat(m.extract("run `@alice` then\n```\n@bob\n```\nthanks @carol")).containsExactly("carol");
  }

  @Test
  void punctuationEndsTheName() {
    assertThat(m.extract("thanks @bob.", "(@alice)", "@carol: yes", "@bob, hi")).containsExactly("bob", "alice", "carol");
  }

  @Test
  void nullAndEmptyTextsAreFine() {
    assertThat(m.extract(null, "", "no mentions")).isEmpty();
  }

  @Test
  void fenceEndsOnlyAtTheSameMarkerAloneOnItsLine() {
    assertThat(m.extract("```\n~~~\n@alice\n``` not closed\n@bob\n  ```  \n@carol")).containsExactly("carol");
    assertThat(m.extract("~~~java\n@alice\n~~~\n@bob")).containsExactly("bob");
    assertThat(m.extract("text ``` inline fence is not a block @alice")).containsExactly("alice");
  }

  @Test
  void unclosedFenceHidesTheRest() {
    assertThat(m.extract("@bob\n```\n@alice\n@carol")).containsExactly("bob");
  }

  // Hang guards only (the bound is far above what a linear scan needs): the old fence regex was
  // quadratic, 64 KiB of newlines took about 20 s, so these would not finish in time on it.

  @Test
  void manyNewlinesBeforeAMentionAreScannedInLinearTime() {
    String text = "x" + "\n".repeat(MentionExtractor.MAX_TEXT - 16) + " @alice";
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThat(m.extract(text, text)).containsExactly("alice"));
  }

  @Test
  void pathologicalTextsFinish() {
    String[] texts = {
        "\n".repeat(1 << 20) + "@alice",
        " \t\r\n".repeat(1 << 18) + "@alice",
        "```\n".repeat(1 << 16) + "@alice",
        "```\n~~~\n".repeat(1 << 15) + "@alice",
        "   ```".repeat(1 << 16) + "\n@alice",
        "`".repeat(1 << 17) + "@alice",
        "@".repeat(1 << 17),
        "@a".repeat(1 << 16),
        ("\n" + " ".repeat(100)).repeat(1 << 12) + "```@alice",
    };
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (String t : texts) {
        m.extract(t);
        assertThat(MentionExtractor.withoutFencedBlocks(t)).hasSizeLessThanOrEqualTo(t.length());
      }
    });
  }

  @Test
  void textBeyondTheScanCapIsIgnored() {
    assertThat(m.extract(" ".repeat(MentionExtractor.MAX_TEXT) + "@alice")).isEmpty();
  }
}
