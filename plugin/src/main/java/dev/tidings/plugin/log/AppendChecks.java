package dev.tidings.plugin.log;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.channel.Channels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an append to a named channel must pass before it is queued, on the caller's thread (the
 * writer thread only inserts): a channel name, a type, and data that is one JSON object, returned
 * as the UTF-8 bytes that go into every subscriber's envelope as they are. Failures are
 * {@link IllegalArgumentException}s naming the first bad input.
 */
public final class AppendChecks {

  private final ObjectMapper mapper;

  public AppendChecks(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Checks the channel and type of one append; {@code what} prefixes the message ("" or "Append 3: "). */
  /**
   * Checks a single-channel append and hands its data bytes to {@code store}; a bad channel, type
   * or data fails the returned future instead of throwing (what every store's caller expects).
   */
  public static CompletableFuture<Committed> single(String channel, String type, Supplier<byte[]> data,
      Function<byte[], CompletableFuture<Committed>> store) {
    try {
      channelAndType("", channel, type);
      return store.apply(data.get());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public static void channelAndType(String what, String channel, String type) {
    if (channel == null || Channels.parse(channel).isEmpty()) {
      throw new IllegalArgumentException(what + (what.isEmpty() ? "Not" : "not") + " a channel name: " + channel);
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException(what + (what.isEmpty() ? "An" : "an") + " event needs a type");
    }
  }

  /** Parses {@code json} (null is {@code {}}) and returns it re-serialised, if it is one JSON object. */
  public byte[] objectFromText(String json) {
    try {
      JsonNode node = mapper.readTree(json == null ? "{}" : json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("Event data must be a JSON object");
      }
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event data is not JSON", e);
    }
  }

  /** Bytes a caller already wrote with Jackson: only their shape is checked, not re-parsed. */
  public static byte[] objectFromBytes(byte[] json) {
    if (json == null || json.length < 2 || json[0] != '{') {
      throw new IllegalArgumentException("Event data must be a JSON object");
    }
    return json;
  }

  /** A map (null is {@code {}}) as JSON bytes: a map always serialises to one object. */
  public byte[] objectFromMap(Map<String, ?> data) {
    try {
      return mapper.writeValueAsBytes(data == null ? Map.of() : data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event data is not JSON-ready", e);
    }
  }

  /**
   * Checks every append and serialises each one's data, in list order. One generator and buffer
   * for the whole list: a fresh one per event (writeValueAsBytes) allocated about as much again as
   * the JSON itself.
   */
  public List<byte[]> all(List<ChannelAppend> appends) {
    List<byte[]> out = new ArrayList<>(appends.size());
    ByteArrayBuilder buffer = new ByteArrayBuilder(4096);
    try (JsonGenerator json = mapper.createGenerator(buffer)) {
      json.setRootValueSeparator(null);
      for (int i = 0; i < appends.size(); i++) {
        ChannelAppend a = appends.get(i);
        channelAndType("Append " + i + ": ", a.channel(), a.type());
        try {
          mapper.writeValue(json, a.data() == null ? Map.of() : a.data());
          json.flush();
          out.add(buffer.toByteArray());
          buffer.reset();
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException("Append " + i + ": event data is not JSON-ready", e);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Event data is not JSON-ready", e);
    }
    return out;
  }
}
