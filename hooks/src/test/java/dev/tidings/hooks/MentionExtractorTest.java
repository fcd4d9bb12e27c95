package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;

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
}
