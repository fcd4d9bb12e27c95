package dev.tidings.plugin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.broker.InProcessBroker;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.Committed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link CommitOrder}: the broker sees commits in sequence order whatever order they are reported in. */
class CommitOrderTest {

  final List<String> seen = new ArrayList<>();
  final InProcessBroker broker = new InProcessBroker();
  final CommitOrder order = new CommitOrder(broker);

  CommitOrderTest() {
    broker.onEvent(e -> seen.add(e.channel() + "#" + e.offset()));
  }

  static Committed commit(long sequence, long offset) {
    return new Committed(sequence, List.of(new ChannelEvent("repo:a/b", "e", offset, "id" + offset, "push", 1,
        "a/b", new byte[0])));
  }

  @Test
  void aCommitReportedEarlyWaitsForTheOnesBeforeIt() {
    CompletableFuture<Committed> third = order.publish(commit(3, 3), () -> seen.add("then 3"));
    CompletableFuture<Committed> second = order.publish(commit(2, 2), () -> seen.add("then 2"));
    assertThat(seen).isEmpty();
    assertThat(third).isNotDone();
    assertThat(second).isNotDone();

    order.publish(commit(1, 1), () -> seen.add("then 1"));

    assertThat(seen).containsExactly("repo:a/b#1", "then 1", "repo:a/b#2", "then 2", "repo:a/b#3", "then 3");
    assertThat(second).isCompleted();
    assertThat(third).isCompleted();
  }

  @Test
  void aWriteThatStoredNothingTakesNoPlaceInTheOrder() {
    CompletableFuture<Committed> nothing = order.publish(Committed.NOTHING, () -> seen.add("then nothing"));
    order.publish(commit(1, 1), null);

    assertThat(nothing).isCompletedWithValue(Committed.NOTHING);
    assertThat(seen).containsExactly("then nothing", "repo:a/b#1");
  }

  @Test
  void aFailingFollowUpDoesNotStopTheOrder() {
    order.publish(commit(1, 1), () -> {
      throw new IllegalStateException("listener queue gone");
    });
    CompletableFuture<Committed> next = order.publish(commit(2, 2), null);

    assertThat(next).isCompleted();
    assertThat(seen).containsExactly("repo:a/b#1", "repo:a/b#2");
  }
}
