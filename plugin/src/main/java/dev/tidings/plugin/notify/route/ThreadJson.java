package dev.tidings.plugin.notify.route;

import dev.samplehost.api.RepoRef;
import dev.tidings.plugin.notify.store.NotificationThread;
import java.util.Map;

/**
 * The JSON a {@code notification} event carries, in the shapes the REST API serves (Gitea's
 * Repository and NotificationThread): supplied by the API side, so that routing does not depend on it.
 */
public interface ThreadJson {

  /** A repository's JSON, shared by every thread of one fan-out. */
  Map<String, Object> repository(RepoRef repository);

  /** A thread's JSON with a ready repository JSON (a Map, or a Jackson {@code RawValue} serialised once). */
  Map<String, Object> thread(NotificationThread thread, Object repositoryJson);
}
