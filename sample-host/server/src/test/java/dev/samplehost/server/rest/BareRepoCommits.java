package dev.samplehost.server.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Makes commits directly in a bare repository with JGit (branch setup for pull request tests). */
final class BareRepoCommits {

  private BareRepoCommits() {}

  /** Commits {@code file} = {@code content} on top of {@code from} and points {@code branch} at it. */
  static String commit(Path bare, String from, String branch, String file, String content) throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
        ObjectInserter inserter = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId parentId = repo.resolve(Constants.R_HEADS + from);
      RevCommit parent = walk.parseCommit(parentId);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      try (TreeWalk tree = new TreeWalk(repo)) {
        tree.addTree(parent.getTree());
        tree.setRecursive(true);
        while (tree.next()) {
          if (!tree.getPathString().equals(file)) {
            DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
            entry.setFileMode(tree.getFileMode(0));
            entry.setObjectId(tree.getObjectId(0));
            builder.add(entry);
          }
        }
      }
      DirCacheEntry entry = new DirCacheEntry(file);
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
      builder.add(entry);
      builder.finish();
      ObjectId treeId = index.writeTree(inserter);
      PersonIdent who = new PersonIdent("Alice", "alice@example.com");
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(treeId);
      commit.setParentId(parentId);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("change " + file + " on " + branch + "\n");
      ObjectId commitId = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(commitId);
      update.setForceUpdate(true);
      RefUpdate.Result result = update.update();
      if (result == RefUpdate.Result.REJECTED || result == RefUpdate.Result.LOCK_FAILURE
          || result == RefUpdate.Result.IO_FAILURE) {
        throw new IOException("cannot update " + branch + ": " + result);
      }
      return commitId.name();
    }
  }

  /** The commit {@code branch} points at, or null. */
  static String head(Path bare, String branch) throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
      ObjectId id = repo.resolve(Constants.R_HEADS + branch);
      return id == null ? null : id.name();
    }
  }
}
