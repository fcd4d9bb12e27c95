package dev.tidings.hooks;

import dev.samplehost.api.PushContext;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the accepted ref updates of one push into events and hands them to an {@link EventSink};
 * runs on the push's HTTP thread, so it only walks a bounded number of commits and never blocks.
 *
 * <p>What a push produces (as GitHub does, except that a deletion is not also a {@code push}):
 * <ul>
 *   <li>branch updated: {@code push};
 *   <li>branch created: {@code branch.created}, then {@code push} if the branch brings commits no
 *       ref had before the push (a branch made from an existing commit is only {@code branch.created});
 *   <li>branch deleted: {@code branch.deleted};
 *   <li>tag created or deleted: {@code tag.created} / {@code tag.deleted};
 *   <li>other refs ({@code refs/notes/...}) and rejected commands: nothing.
 * </ul>
 *
 * <p>The commits of a push are those reachable from the new value and from no ref that existed
 * before the push (the advertised refs), newest first: a new branch off {@code main} lists only its
 * own commits, never the whole history. The walk counts at most {@code countCap} commits; beyond
 * that {@code total_commits} is a lower bound and {@code total_capped} is true.
 */
public final class PushEventHook implements PostReceiveHook {

  private static final Logger log = LoggerFactory.getLogger(PushEventHook.class);

  /** Commits listed in a push event. */
  public static final int LISTED = 20;
  /** Default number of commits counted before giving up on an exact total. */
  public static final int DEFAULT_COUNT_CAP = 10_000;

  private final PushContext context;
  private final EventSink sink;
  private final MentionExtractor mentions;
  private final String baseUrl;
  private final int countCap;

  /** A hook for one push. */
  public PushEventHook(PushContext context, EventSink sink, MentionExtractor mentions, String baseUrl, int countCap) {
    this.context = context;
    this.sink = sink;
    this.mentions = mentions;
    this.baseUrl = EventData.base(baseUrl);
    this.countCap = Math.max(LISTED, countCap);
  }

  /** The factory the host calls once per push. */
  public static dev.samplehost.api.ReceiveHooks.Factory<PostReceiveHook> factory(
      EventSink sink, MentionExtractor mentions, String baseUrl, int countCap) {
    return ctx -> new PushEventHook(ctx, sink, mentions, baseUrl, countCap);
  }

  @Override
  public void onPostReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    List<TidingsEvent> events;
    try {
      events = eventsFor(rp.getRepository(), rp.getAdvertisedRefs(), commands);
    } catch (IOException | RuntimeException e) {
      // The refs are already updated; a broken hook must not fail the push.
      log.error("Building push events for {} failed", context.repository().fullName(), e);
      return;
    }
    for (TidingsEvent e : events) {
      try {
        sink.accept(e);
      } catch (RuntimeException ex) {
        log.error("The event sink refused {} on {}", e.type(), context.repository().fullName(), ex);
      }
    }
  }

  /**
   * The events for {@code commands}; {@code advertised} are the refs as they were before the push
   * (null: derived from the repository's refs now and the commands' old values).
   */
  public List<TidingsEvent> eventsFor(Repository repo, Map<String, Ref> advertised,
      Collection<ReceiveCommand> commands) throws IOException {
    List<TidingsEvent> out = new ArrayList<>();
    Set<ObjectId> before = refsBefore(repo, advertised, commands);
    for (ReceiveCommand cmd : commands) {
      if (cmd.getResult() != ReceiveCommand.Result.OK) {
        continue;
      }
      String ref = cmd.getRefName();
      boolean created = cmd.getType() == ReceiveCommand.Type.CREATE;
      boolean deleted = cmd.getType() == ReceiveCommand.Type.DELETE;
      if (ref.startsWith("refs/heads/")) {
        String branch = ref.substring("refs/heads/".length());
        if (created) {
          out.add(refEvent(EventType.BRANCH_CREATED, ref, "branch", branch, cmd.getNewId()));
        } else if (deleted) {
          out.add(refEvent(EventType.BRANCH_DELETED, ref, "branch", branch, cmd.getOldId()));
          continue;
        }
        TidingsEvent push = push(repo, cmd, branch, created, before);
        if (push != null) {
          out.add(push);
        }
      } else if (ref.startsWith("refs/tags/")) {
        String tag = ref.substring("refs/tags/".length());
        if (created) {
          out.add(refEvent(EventType.TAG_CREATED, ref, "tag", tag, cmd.getNewId()));
        } else if (deleted) {
          out.add(refEvent(EventType.TAG_DELETED, ref, "tag", tag, cmd.getOldId()));
        }
        // A moved tag (forced update) is rare and has no GitHub event of its own: nothing.
      }
    }
    return out;
  }

  private TidingsEvent push(Repository repo, ReceiveCommand cmd, String branch, boolean created, Set<ObjectId> before)
      throws IOException {
    List<Map<String, Object>> listed = new ArrayList<>();
    Set<String> allMentions = new LinkedHashSet<>();
    List<Audience.CommitMention> commitMentions = new ArrayList<>();
    long total = 0;
    boolean capped = false;
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit head;
      try {
        head = walk.parseCommit(cmd.getNewId());
      } catch (IncorrectObjectTypeException e) {
        return null; // a branch pointing at a non-commit: nothing to list
      }
      // Bodies only for the listed commits: counting the rest needs just the graph.
      walk.setRetainBody(false);
      walk.markStart(head);
      for (ObjectId id : before) {
        markUninteresting(walk, id);
      }
      // Default order: newest commit time first, as GitHub lists them.
      for (RevCommit c = walk.next(); c != null; c = walk.next()) {
        if (total >= countCap) {
          capped = true;
          break;
        }
        total++;
        if (listed.size() < LISTED) {
          walk.parseBody(c);
          Set<String> m = mentions.extract(c.getFullMessage());
          allMentions.addAll(m);
          listed.add(commit(c, m));
          if (!m.isEmpty()) {
            // The same subject line as in data (capped alike): it titles the Commit thread.
            commitMentions.add(new Audience.CommitMention(c.name(),
                FieldLimits.cut(c.getShortMessage(), FieldLimits.MAX_STRING), List.copyOf(m)));
          }
        }
      }
    }
    if (created && total == 0) {
      return null; // the branch.created event says it all
    }
    RepoRef r = context.repository();
    Map<String, Object> data = EventData.base(r, context.pusher(), baseUrl);
    data.put("ref", cmd.getRefName());
    data.put("branch", branch);
    data.put("before", cmd.getOldId().name());
    data.put("after", cmd.getNewId().name());
    data.put("created", created);
    data.put("forced", cmd.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD);
    data.put("pusher", EventData.user(context.pusher()));
    data.put("commits", listed);
    data.put("total_commits", total);
    data.put("truncated", total > listed.size() || capped);
    data.put("total_capped", capped);
    String htmlUrl = EventData.repoUrl(r, baseUrl) + "/commits/branch/" + branch;
    data.put("html_url", htmlUrl);
    String title = FieldLimits.cut(branch, FieldLimits.MAX_TITLE);
    long now = System.currentTimeMillis();
    return new TidingsEvent(EventIds.next(now), EventType.PUSH, r, context.pusher(), now,
        Collections.unmodifiableMap(FieldLimits.apply(data)),
        new Audience(allMentions, List.of(), List.of(), commitMentions),
        new TidingsEvent.Subject(TidingsEvent.Subject.Kind.PUSH, "push:" + cmd.getRefName(), 0, title, null,
            htmlUrl, null));
  }

  private Map<String, Object> commit(RevCommit c, Set<String> commitMentions) {
    PersonIdent author = c.getAuthorIdent();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.name());
    m.put("short_id", c.abbreviate(10).name());
    // Capped (with "message_truncated") by FieldLimits when the event is built: a commit subject has no size limit.
    m.put("message", c.getShortMessage());
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", author.getName());
    a.put("email", author.getEmailAddress());
    m.put("author", a);
    m.put("timestamp", author.getWhenAsInstant().toEpochMilli());
    m.put("url", EventData.repoUrl(context.repository(), baseUrl) + "/commit/" + c.name());
    m.put("mentions", List.copyOf(commitMentions));
    return m;
  }

  private TidingsEvent refEvent(EventType type, String ref, String kindKey, String shortName, ObjectId sha) {
    RepoRef r = context.repository();
    Map<String, Object> data = EventData.base(r, context.pusher(), baseUrl);
    data.put("ref", ref);
    data.put(kindKey, shortName);
    data.put("sha", sha.name());
    String htmlUrl = EventData.repoUrl(r, baseUrl)
        + (type == EventType.TAG_CREATED || type == EventType.TAG_DELETED ? "/src/tag/" : "/src/branch/") + shortName;
    data.put("html_url", htmlUrl);
    long now = System.currentTimeMillis();
    return new TidingsEvent(EventIds.next(now), type, r, context.pusher(), now,
        Collections.unmodifiableMap(FieldLimits.apply(data)), Audience.NONE,
        new TidingsEvent.Subject(TidingsEvent.Subject.Kind.PUSH, "push:" + ref, 0,
            FieldLimits.cut(shortName, FieldLimits.MAX_TITLE), null, htmlUrl, null));
  }

  private static Set<ObjectId> refsBefore(Repository repo, Map<String, Ref> advertised,
      Collection<ReceiveCommand> commands) throws IOException {
    Set<ObjectId> ids = new HashSet<>();
    if (advertised != null) {
      for (Ref ref : advertised.values()) {
        if (ref.getObjectId() != null) {
          ids.add(ref.getObjectId());
        }
      }
    } else {
      Set<String> changed = new HashSet<>();
      for (ReceiveCommand cmd : commands) {
        changed.add(cmd.getRefName());
      }
      for (Ref ref : repo.getRefDatabase().getRefs()) {
        if (!changed.contains(ref.getName()) && ref.getObjectId() != null) {
          ids.add(ref.getObjectId());
        }
      }
    }
    for (ReceiveCommand cmd : commands) {
      if (!ObjectId.zeroId().equals(cmd.getOldId())) {
        ids.add(cmd.getOldId());
      }
    }
    return ids;
  }

  private static void markUninteresting(RevWalk walk, ObjectId id) throws IOException {
    try {
      RevObject o = walk.peel(walk.parseAny(id));
      if (o instanceof RevCommit c) {
        walk.markUninteresting(c);
      }
    } catch (MissingObjectException e) {
      // A ref to an object that is gone cannot hide anything.
    }
  }
}
