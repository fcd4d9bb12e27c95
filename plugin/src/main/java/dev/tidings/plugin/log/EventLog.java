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

  /** Everything after {@code offset} in {@code epoch}, or not recovered; never a partial replay. */
  Replay readAfter(String channel, String epoch, long offset);

  /** The mapper of the default {@link #appendAllTo}. */
  final class DefaultJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private DefaultJson() {}
  }
}
