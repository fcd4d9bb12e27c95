package dev.tidings.plugin.admission;

import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.config.TidingsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how many users one actor can mention, and so notify by mention, per time: a token bucket
 * per actor login of {@code notify.mentions.burst} (200) mentions refilled at
 * {@code notify.mentions.perMinute} (60). Each text already stops at 50 mentions; without a budget
 * a script posting tiny comments with 50 mentions each made 50 notification threads and events per
 * request (security review H4). Mentions over the budget are dropped from the event (the event
 * itself is kept), from the event's mentions and from a push's per-commit {@code mentions} lists.
 */
@Singleton
public final class MentionBudget {

  private static final Logger log = LoggerFactory.getLogger(MentionBudget.class);

  private final RateLimiter limiter;

  @Inject
  MentionBudget(TidingsConfig config) {
    this(config.getInt("notify.mentions.burst", 200), config.getInt("notify.mentions.perMinute", 60));
  }

  MentionBudget(int burst, int perMinute) {
    this.limiter = new RateLimiter(perMinute / 60.0, burst, 10_000);
  }

  /** {@code event} with at most as many mentions as its actor has budget left. */
  public TidingsEvent admit(TidingsEvent event) {
    Set<String> mentions = event.mentions();
    if (mentions == null || mentions.isEmpty() || event.actor() == null) {
      return event;
    }
    int granted = limiter.takeUpTo(event.actor().login().toLowerCase(java.util.Locale.ROOT), mentions.size());
    if (granted == mentions.size()) {
      return event;
    }
    log.warn("{} mentioned more users than notify.mentions allows: {} of {} mentions of event {} {} dropped",
        event.actor().login(), mentions.size() - granted, mentions.size(), event.type(), event.id());
    Set<String> kept = new LinkedHashSet<>();
    for (String m : mentions) {
      if (kept.size() == granted) {
        break;
      }
      kept.add(m);
    }
    // The typed audience routes the notifications; the data's commit lists are what subscribers see.
    return event.keepingMentions(kept).withData(withCommitMentions(event.data(), kept));
  }

  /** A push lists each commit's mentions too (they make Commit threads): keep only {@code kept} there. */
  private static Map<String, Object> withCommitMentions(Map<String, Object> data, Set<String> kept) {
    if (data == null || !(data.get("commits") instanceof List<?> commits)) {
      return data;
    }
    List<Object> out = new ArrayList<>(commits.size());
    for (Object c : commits) {
      if (c instanceof Map<?, ?> commit && commit.get("mentions") instanceof List<?> listed) {
        Map<Object, Object> copy = new LinkedHashMap<>(commit);
        copy.put("mentions", listed.stream().filter(kept::contains).toList());
        out.add(copy);
      } else {
        out.add(c);
      }
    }
    Map<String, Object> copy = new LinkedHashMap<>(data);
    copy.put("commits", out);
    return java.util.Collections.unmodifiableMap(copy);
  }
}
