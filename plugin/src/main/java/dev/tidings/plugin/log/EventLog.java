package dev.tidings.plugin.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The event log as the rest of the plugin sees it: {@link ChannelHistory} to read, and appends to
 * named channels that are stored and then published to the broker, per channel in offset order;
 * each future completes once its events are published. Repository events come in through the
 * hooks' {@code EventSink} instead (they also reach the notification side).
 */
public interface EventLog extends ChannelHistory {

  /** Appends an event to exactly one channel (e.g. {@code user:bob}) with a ready JSON payload. */
  CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String dataJson);

  /**
   * Like {@link #appendTo}, for a caller that already holds the data as the UTF-8 bytes of one JSON
   * object written by Jackson (the publish API parses and measures it anyway): the log does not
   * parse and re-serialise it a second time. The bytes must not change afterwards.
   */
  default CompletableFuture<ChannelEvent> appendObjectTo(String channel, String type, String repository,
      byte[] objectJson) {
    return appendTo(channel, type, repository, new String(objectJson, StandardCharsets.UTF_8));
  }

  /**
   * Appends many single-channel events at once, in list order: all of them are committed together
   * or none is, each gets the next offset (+1) in its channel (a channel may appear several times),
   * and they reach the broker in list order. An invalid channel or type fails the whole call and
   * stores nothing. This default, for logs without a bulk path, appends one by one.
   */
  default CompletableFuture<List<ChannelEvent>> appendAllTo(List<ChannelAppend> appends) {
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
