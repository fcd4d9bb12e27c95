package dev.tidings.plugin.log;

import dev.tidings.hooks.TidingsEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable, ordered log of events per channel. Each appended event is stored once and gets the
 * next offset (+1) in each of its channels; committed events are handed to the broker.
 */
public interface EventLog {

  /** Appends a repository event to the channels it belongs to (see {@code Channels#of}). */
  CompletableFuture<List<ChannelEvent>> append(TidingsEvent event);

  /**
   * Like {@link #append(TidingsEvent)}; {@code afterPublish} runs once the event is committed and
   * handed to the broker, in commit order, on the log's writer thread: it must only hand work on.
   */
  CompletableFuture<List<ChannelEvent>> append(TidingsEvent event, Consumer<List<ChannelEvent>> afterPublish);

  /** Appends an event to exactly one channel (e.g. {@code user:bob}) with a ready JSON payload. */
  CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String dataJson);

  /**
   * Like {@link #appendTo}, for a caller that already holds the data as the UTF-8 bytes of one JSON
   * object written by Jackson (the publish API parses and measures it anyway): the log does not
   * parse and re-serialise it a second time. The bytes must not change afterwards.
   */
  default CompletableFuture<ChannelEvent> appendObjectTo(String channel, String type, String repository,
      byte[] objectJson) {
    return appendTo(channel, type, repository, new String(objectJson, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Appends many single-channel events at once, in list order: all of them are committed together
   * or none is, each gets the next offset (+1) in its channel (a channel may appear several times),
   * and they reach the broker in list order. Much cheaper than one {@link #appendTo} per event
   * (one writer work, batched inserts). An invalid channel or type fails the whole call and
   * stores nothing.
   */
  default CompletableFuture<List<ChannelEvent>> appendAllTo(List<ChannelAppend> appends) {
    // The simple way, for logs without a bulk path: one appendTo per event, in order.
    List<CompletableFuture<ChannelEvent>> each = new ArrayList<>(appends.size());
    for (ChannelAppend a : appends) {
      String json;
      try {
        json = DefaultJson.MAPPER.writeValueAsString(a.data() == null ? Map.of() : a.data());
      } catch (JsonProcessingException e) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("Event data is not JSON-ready", e));
      }
      each.add(appendTo(a.channel(), a.type(), a.repository(), json));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  /** The channel's current epoch and latest offset. */
  ChannelPosition position(String channel);

  /**
   * Everything after {@code offset} in {@code epoch}, or not recovered; never a partial replay.
   * Materialises the whole gap: subscriptions use {@link #planReplay} and {@link #readPage} instead.
   */
  Replay readAfter(String channel, String epoch, long offset);

  /**
   * Whether the gap after {@code offset} of {@code epoch} can be replayed completely with at most
   * {@code maxEvents} events and about {@code maxBytes} of envelopes, without reading the events
   * themselves (a log that cannot tell sizes cheaply may read them, as this default does).
   */
  default ReplayPlan planReplay(String channel, String epoch, long offset, int maxEvents, long maxBytes) {
    Replay r = readAfter(channel, epoch, offset);
    if (!r.recovered() || r.events().size() > maxEvents) {
      return ReplayPlan.notRecovered(r.position());
    }
    long bytes = 0;
    for (ChannelEvent e : r.events()) {
      bytes += e.envelope().length;
    }
    if (bytes > maxBytes) {
      return ReplayPlan.notRecovered(r.position());
    }
    long upTo = r.events().isEmpty() ? offset : r.events().get(r.events().size() - 1).offset();
    return new ReplayPlan(true, r.position(), offset, upTo, bytes);
  }

  /**
   * The events after {@code after} up to {@code upTo} of {@code epoch}, in order: at most
   * {@code maxEvents}, and no more after the one that reaches {@code maxBytes} (at least one, when
   * there is one). Entries removed by retention meanwhile are simply missing: the caller checks
   * that the offsets follow on.
   */
  default List<ChannelEvent> readPage(String channel, String epoch, long after, long upTo, int maxEvents, long maxBytes) {
    Replay r = readAfter(channel, epoch, after);
    List<ChannelEvent> page = new ArrayList<>();
    long bytes = 0;
    for (ChannelEvent e : r.events()) {
      if (e.offset() > upTo || page.size() >= maxEvents || (!page.isEmpty() && bytes >= maxBytes)) {
        break;
      }
      page.add(e);
      bytes += e.envelope().length;
    }
    return page;
  }

  /**
   * Forgets the history of a deleted repository: the entries of its channels
   * ({@code repo:o/n}, {@code .../prs}, {@code .../issues}) and its events on {@code org:o} are
   * removed, and its channels start again at offset 0 in a fresh epoch, so that a repository
   * re-created under the same name never replays the old one's events.
   */
  default CompletableFuture<Integer> forgetRepository(String owner, String name) {
    return CompletableFuture.completedFuture(0);
  }

  /** The mapper of the default {@link #appendAllTo}. */
  final class DefaultJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private DefaultJson() {}
  }
}
