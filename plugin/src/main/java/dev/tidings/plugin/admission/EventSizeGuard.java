package dev.tidings.plugin.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.hooks.FieldLimits;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.config.TidingsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every core event's serialised {@code data} at most {@code events.maxBytes} (64 KiB) before
 * it is appended: a bigger event would be stored once, repeated on up to four channels and sent to
 * every live subscriber, and one such event could overflow a subscriber's queue (security review
 * H4). The hooks already cap each string; what is still too big (many long fields) is shrunk, not
 * dropped, so the event and its offset still exist: first every string is cut to
 * {@value #SHRUNK_STRING} characters, then, if that is not enough, {@code data} keeps only its
 * small top-level values. Either way {@code data} gets {@code "data_truncated":true}.
 */
@Singleton
public final class EventSizeGuard {

  private static final Logger log = LoggerFactory.getLogger(EventSizeGuard.class);

  /** The setting and its default. */
  static final String SETTING = "events.maxBytes";
  static final int DEFAULT_MAX_BYTES = 65_536;
  /** Strings are cut to this many characters when an event is too big. */
  static final int SHRUNK_STRING = 256;
  /** The flag set on shrunk data. */
  static final String FLAG = "data_truncated";

  private final ObjectMapper mapper;
  private final int maxBytes;

  @Inject
  EventSizeGuard(ObjectMapper mapper, TidingsConfig config) {
    this(mapper, config.getInt(SETTING, DEFAULT_MAX_BYTES));
  }

  EventSizeGuard(ObjectMapper mapper, int maxBytes) {
    this.mapper = mapper;
    this.maxBytes = Math.max(4096, maxBytes);
  }

  /** {@code event} itself when small enough, otherwise a copy with shrunk data. */
  public TidingsEvent admit(TidingsEvent event) {
    if (event.data() == null || size(event.data()) <= maxBytes) {
      return event;
    }
    long before = size(event.data());
    Map<String, Object> shrunk = new LinkedHashMap<>(
        FieldLimits.apply(event.data(), FieldLimits.MAX_TITLE, SHRUNK_STRING));
    shrunk.put(FLAG, true);
    if (size(shrunk) > maxBytes) {
      shrunk = topLevelScalars(shrunk);
    }
    log.warn("Event {} {} on {} has {} bytes of data (over {} = {}); stored shrunk to {} bytes", event.type(),
        event.id(), event.repository() == null ? "-" : event.repository().fullName(), before, SETTING, maxBytes,
        size(shrunk));
    return event.withData(java.util.Collections.unmodifiableMap(shrunk));
  }

  /** The repository, the actor and the top-level numbers, booleans and (already cut) strings. */
  private static Map<String, Object> topLevelScalars(Map<String, Object> data) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : data.entrySet()) {
      Object v = e.getValue();
      boolean keep = v == null || v instanceof String || v instanceof Number || v instanceof Boolean
          || "repository".equals(e.getKey()) || "actor".equals(e.getKey());
      if (keep) {
        out.put(e.getKey(), v);
      } else if (v instanceof List<?> list) {
        out.put(e.getKey(), List.of()); // the shape stays, the items go
      }
    }
    out.put(FLAG, true);
    return out;
  }

  /** Serialised size in bytes, counted without keeping the bytes. */
  long size(Map<String, Object> data) {
    CountingStream count = new CountingStream();
    try {
      mapper.writeValue(count, data);
    } catch (IOException e) {
      throw new IllegalArgumentException("Event data is not JSON-ready", e);
    }
    return count.n;
  }

  private static final class CountingStream extends OutputStream {
    long n;

    @Override
    public void write(int b) {
      n++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      n += len;
    }
  }
}
