package dev.tidings.plugin.notify.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.notify.api.GiteaJson;
import dev.tidings.plugin.notify.store.NotificationThread;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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

  private final EventLog eventLog;
  private final GiteaJson json;
  private final Directory directory;
  private final ObjectMapper mapper;

  @Inject
  public NotificationPublisher(EventLog eventLog, GiteaJson json, Directory directory, ObjectMapper mapper) {
    this.eventLog = eventLog;
    this.json = json;
    this.directory = directory;
    this.mapper = mapper;
  }

  /** One {@code notification} event per thread (new or updated by an event). */
  public void threads(List<NotificationThread> threads, Map<Long, Long> unread,
      Predicate<NotificationThread> desktop) {
    // One Repository JSON per repository, shared by every thread of the fan-out.
    Map<String, Map<String, Object>> repos = new HashMap<>();
    for (NotificationThread t : threads) {
      String fullName = t.repoOwner() + "/" + t.repoName();
      Map<String, Object> repo = repos.computeIfAbsent(fullName, k -> json.repository(directory
          .repository(t.repoOwner(), t.repoName())
          .orElseGet(() -> new RepoRef(t.repoId(), t.repoOwner(), t.repoName(), false, false, "main"))));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("thread", json.threadWith(t, repo));
      data.put("unread_count", unread.getOrDefault(t.userId(), 0L));
      data.put("desktop", desktop.test(t));
      append(t.userLogin(), "notification", fullName, data);
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
        log.warn("Publishing {} to user:{} failed: {}", type, login, err.toString());
      }
    });
  }
}
