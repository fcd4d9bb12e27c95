package dev.tidings.plugin.notify.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.log.ChannelAppend;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.notify.store.NotificationThread;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes notification changes on each user's {@code user:{login}} channel: {@code notification}
 * for a new or updated thread, {@code notification.read} / {@code notification.updated} for status
 * changes, always with the user's new unread count so that every open tab's badge agrees.
 */
@Singleton
public final class NotificationPublisher {

  private static final Logger log = LoggerFactory.getLogger(NotificationPublisher.class);
  private static final int MAX_IDS = 200;
  /** Events per bulk append of a fan-out. */
  static final int CHUNK = 1000;

  private final EventLog eventLog;
  private final ThreadJson json;
  private final Directory directory;
  private final ObjectMapper mapper;
  private final NotifyMetrics metrics;

  @Inject
  public NotificationPublisher(EventLog eventLog, ThreadJson json, Directory directory, ObjectMapper mapper,
      NotifyMetrics metrics) {
    this.eventLog = eventLog;
    this.json = json;
    this.directory = directory;
    this.mapper = mapper;
    this.metrics = metrics;
  }

  /**
   * One {@code notification} event per thread (new or updated by an event), appended in bulk: a
   * fan-out to 10,000 users is ten log writes of 1,000 events, not 10,000 writes. Chunks, not one
   * write, so the writer inserts one chunk while this thread serialises the next, and the first
   * users hear about it before the last chunk is built.
   */
  public void threads(List<NotificationThread> threads, Map<Long, Long> unread,
      Predicate<NotificationThread> desktop) {
    // One Repository JSON per repository, serialised once and shared by every thread of the fan-out.
    Map<String, Object> repos = new HashMap<>();
    List<ChannelAppend> chunk = new ArrayList<>(Math.min(CHUNK, threads.size()));
    for (NotificationThread t : threads) {
      String channel = "user:" + t.userLogin();
      if (Channels.parse(channel).isEmpty()) {
        // Alone, so that one odd login cannot fail the bulk append of everyone else.
        log.warn("Not publishing thread {}: {} is not a channel name", t.id(), channel);
        continue;
      }
      String fullName = t.repoOwner() + "/" + t.repoName();
      Object repo = repos.computeIfAbsent(fullName, k -> raw(json.repository(directory
          .repository(t.repoOwner(), t.repoName())
          .orElseGet(() -> new RepoRef(t.repoId(), t.repoOwner(), t.repoName(), false, false, "main")))));
      Map<String, Object> data = new LinkedHashMap<>();
      // threadWith cuts the subject title to 255 characters: each recipient's event repeats it.
      data.put("thread", json.thread(t, repo));
      data.put("unread_count", unread.getOrDefault(t.userId(), 0L));
      data.put("desktop", desktop.test(t));
      chunk.add(new ChannelAppend(channel, "notification", fullName, data));
      if (chunk.size() == CHUNK) {
        appendAll(chunk);
        chunk = new ArrayList<>(CHUNK);
      }
    }
    if (!chunk.isEmpty()) {
      appendAll(chunk);
    }
  }

  /** A status change by the user: {@code notification.read} when marked read, else {@code notification.updated}. */
  public void marked(String login, String toStatus, List<NotificationThread> changed, long unreadCount) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", toStatus);
    data.put("ids", changed.stream().limit(MAX_IDS).map(NotificationThread::id).toList());
    data.put("total", changed.size());
    data.put("unread_count", unreadCount);
    append(login, "read".equals(toStatus) ? "notification.read" : "notification.updated", null, data);
  }

  private void appendAll(List<ChannelAppend> appends) {
    eventLog.appendAllTo(appends).whenComplete((r, err) -> {
      if (err != null) {
        metrics.dropped(appends.size());
        log.warn("Publishing {} notification events failed: {}", appends.size(), err.toString());
      }
    });
  }

  /**
   * JSON serialised now and copied as it is into every event that holds it; a SerializedString,
   * because its UTF-8 bytes are kept and copied with arraycopy, where a raw String is re-encoded
   * char by char for every event.
   */
  private Object raw(Map<String, Object> value) {
    try {
      return new RawValue(new SerializedString(mapper.writeValueAsString(value)));
    } catch (JsonProcessingException e) {
      return value;
    }
  }

  private void append(String login, String type, String repository, Map<String, Object> data) {
    String body;
    try {
      body = mapper.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      log.error("Cannot serialise a {} event for {}", type, login, e);
      return;
    }
    eventLog.appendTo("user:" + login, type, repository, body).whenComplete((r, err) -> {
      if (err != null) {
        metrics.dropped(1);
        log.warn("Publishing {} to user:{} failed: {}", type, login, err.toString());
      }
    });
  }
}
