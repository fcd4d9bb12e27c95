package dev.samplehost.server;

import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.git.GitStore;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Writes commits straight into a hosted bare repository (JGit in-core), for tests that need history fast. */
public final class PullMergeTestSupport {
  private PullMergeTestSupport() {}

  /** Commits {@code path = content} on top of {@code from} and points {@code branch} at it; returns the sha. */
  public static String commit(GitStore store, Repository repo, String branch, String from, String path, String content,
      String message) throws Exception {
    try (var r = store.open(repo.owner(), repo.name()); ObjectInserter ins = r.newObjectInserter();
        RevWalk walk = new RevWalk(r)) {
      RevCommit parent = walk.parseCommit(r.resolve(from));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      try (TreeWalk tw = new TreeWalk(r)) {
        tw.addTree(parent.getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          if (!tw.getPathString().equals(path)) {
            DirCacheEntry e = new DirCacheEntry(tw.getPathString());
            e.setFileMode(tw.getFileMode(0));
            e.setObjectId(tw.getObjectId(0));
            builder.add(e);
          }
        }
      }
      DirCacheEntry e = new DirCacheEntry(path);
      e.setFileMode(FileMode.REGULAR_FILE);
      e.setObjectId(ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
      builder.add(e);
      builder.finish();
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(index.writeTree(ins));
      c.setParentId(parent);
      PersonIdent who = new PersonIdent("Test", "test@example.com");
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message);
      ObjectId id = ins.insert(c);
      ins.flush();
      RefUpdate u = r.updateRef(Constants.R_HEADS + branch);
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      u.update();
      return id.name();
    }
  }
}
