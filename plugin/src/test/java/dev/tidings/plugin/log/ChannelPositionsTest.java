package dev.tidings.plugin.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Committed positions under pending ones: what readers see only moves after a commit. */
class ChannelPositionsTest {

  final ChannelPositions positions = new ChannelPositions();

  static ChannelEvent at(String channel, String epoch, long offset) {
    return new ChannelEvent(channel, epoch, offset, "id" + offset, "push", 1, null, new byte[0]);
  }

  @Test
  void handedOutOffsetsAreInvisibleToReadersUntilCommittedAndFreeAgainAfterARollback() {
    positions.handOut(Map.of("user:bob", new ChannelPosition("e1", 3)));

    assertThat(positions.latest("user:bob")).isEqualTo(new ChannelPosition("e1", 3));
    assertThat(positions.position("user:bob").offset()).isZero();

    positions.rollback();
    assertThat(positions.latest("user:bob").offset()).isZero();

    positions.handOut(Map.of("user:bob", new ChannelPosition("e1", 1)));
    positions.advance(List.of(at("user:bob", "e1", 1)));
    assertThat(positions.position("user:bob")).isEqualTo(new ChannelPosition("e1", 1));
    assertThat(positions.latest("user:bob")).isEqualTo(new ChannelPosition("e1", 1));
  }

  @Test
  void aResetStartsTheChannelAgainAndOverfullChannelsNameWhatRetentionMayDrop() {
    positions.advance(List.of(at("repo:a/b", "e1", 12), at("user:bob", "e1", 5)));

    assertThat(positions.overfull(10)).containsExactly(Map.entry("repo:a/b", 2L));

    positions.reset(Map.of("repo:a/b", new ChannelPosition("fresh", 0)));
    assertThat(positions.position("repo:a/b")).isEqualTo(new ChannelPosition("fresh", 0));
    assertThat(positions.overfull(10)).isEmpty();
  }
}
