package dev.samplehost.server.git;

import dev.samplehost.server.domain.Branch;
import dev.samplehost.server.domain.CommitInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The bare repositories on disk under {@code dataDir/repositories/{owner}/{name}.git}. */
public final class GitStore {
  private final Path root;

  /** A store rooted at {@code root} (created if missing). */
  public GitStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory of {@code owner/name} (lowercase, like Gitea). */
  public Path path(String owner, String name) {
    Path ownerDir = root.resolve(owner.toLowerCase(Locale.ROOT)).normalize();
    Path dir = ownerDir.resolve(name.toLowerCase(Locale.ROOT) + ".git").normalize();
    // Names are validated when accounts and repositories are made; this keeps a bad one from ever
    // reaching outside the store (e.g. "..", or a separator) whoever calls.
    if (!root.equals(ownerDir.getParent()) || !ownerDir.equals(dir.getParent())) {
      throw new IllegalArgumentException("not a repository name: " + owner + "/" + name);
    }
    return dir;
  }

  /** Whether the bare repository exists on disk. */
  public boolean exists(String owner, String name) {
    return Files.isDirectory(path(owner, name));
  }

  /** Creates an empty bare repository whose HEAD points at {@code defaultBranch}. */
  public void create(String owner, String name, String defaultBranch) {
    Path dir = path(owner, name);
    try {
      Files.createDirectories(dir.getParent());
      try (Repository repo = FileRepositoryBuilder.create(dir.toFile())) {
        repo.create(true);
        repo.getConfig().setBoolean("http", null, "receivepack", true);
        repo.getConfig().save();
        RefUpdate head = repo.updateRef(Constants.HEAD);
        head.disableRefLog();
        head.link(Constants.R_HEADS + defaultBranch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create repository " + dir, e);
    }
  }

  /** Opens the repository; the caller closes it. */
  public Repository open(String owner, String name) throws IOException {
    Path dir = path(owner, name);
    if (!Files.isDirectory(dir)) {
      throw new org.eclipse.jgit.errors.RepositoryNotFoundException(dir.toFile());
    }
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).setBare().build();
  }

  /** Deletes the repository directory. */
  public void delete(String owner, String name) {
    Path dir = path(owner, name);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }

  /** Makes a first commit on {@code branch} holding one README.md (for {@code auto_init}). */
  public String initialCommit(String owner, String name, String branch, String readme, PersonIdent author) {
    try (Repository repo = open(owner, name); ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, readme.getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("README.md", FileMode.REGULAR_FILE, blob);
      ObjectId treeId = inserter.insert(tree);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(treeId);
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage("Initial commit\n");
      ObjectId commitId = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(commitId);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      update.setRefLogMessage("initial commit", false);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IOException("Cannot create " + branch + ": " + result);
      }
      return commitId.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All branches, by name, with their head commits. */
  public List<Branch> branches(String owner, String name) {
    if (!exists(owner, name)) {
      return List.of();
    }
    try (Repository repo = open(owner, name); RevWalk walk = new RevWalk(repo)) {
      List<Branch> out = new ArrayList<>();
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        if (ref.getObjectId() == null) {
          continue;
        }
        RevCommit commit = walk.parseCommit(ref.getObjectId());
        out.add(new Branch(ref.getName().substring(Constants.R_HEADS.length()), info(commit)));
      }
      out.sort(Comparator.comparing(Branch::name));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One branch, if it exists. */
  public Optional<Branch> branch(String owner, String name, String branch) {
    if (branch == null || !exists(owner, name)) {
      return Optional.empty();
    }
    try (Repository repo = open(owner, name); RevWalk walk = new RevWalk(repo)) {
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      if (ref == null || ref.getObjectId() == null) {
        return Optional.empty();
      }
      return Optional.of(new Branch(branch, info(walk.parseCommit(ref.getObjectId()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The id of the commit the full ref {@code refName} (e.g. {@code refs/tags/v1}) points at, an
   * annotated tag peeled; empty when the ref does not exist or does not name a commit.
   */
  public Optional<String> refCommit(String owner, String name, String refName) {
    if (!exists(owner, name) || !Repository.isValidRefName(refName)) {
      return Optional.empty();
    }
    try (Repository repo = open(owner, name); RevWalk walk = new RevWalk(repo)) {
      Ref ref = repo.exactRef(refName);
      if (ref == null || ref.getObjectId() == null) {
        return Optional.empty();
      }
      return Optional.of(walk.parseCommit(ref.getObjectId()).name());
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return Optional.empty(); // a tag of a tree or a blob
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tag names, sorted. */
  public List<String> tags(String owner, String name) {
    if (!exists(owner, name)) {
      return List.of();
    }
    try (Repository repo = open(owner, name)) {
      return repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS).stream()
          .map(r -> r.getName().substring(Constants.R_TAGS.length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the repository has no branches yet. */
  public boolean isEmpty(String owner, String name) {
    return branches(owner, name).isEmpty();
  }

  /**
   * Up to {@code limit} commits reachable from {@code revision} (a branch, tag or sha), newest first,
   * after skipping {@code skip}; empty when the revision does not resolve.
   */
  public List<CommitInfo> commits(String owner, String name, String revision, int skip, int limit) {
    if (!exists(owner, name)) {
      return List.of();
    }
    try (Repository repo = open(owner, name); RevWalk walk = new RevWalk(repo)) {
      ObjectId start = repo.resolve(revision);
      if (start == null) {
        return List.of();
      }
      walk.sort(RevSort.COMMIT_TIME_DESC);
      walk.markStart(walk.parseCommit(start));
      List<CommitInfo> out = new ArrayList<>();
      int seen = 0;
      for (RevCommit c : walk) {
        if (seen++ < skip) {
          continue;
        }
        out.add(info(c));
        if (out.size() >= limit) {
          break;
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit {@code revision} resolves to, if any. */
  public Optional<CommitInfo> commit(String owner, String name, String revision) {
    List<CommitInfo> one = commits(owner, name, revision, 0, 1);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /** The text of {@code path} at {@code revision} (up to {@code maxBytes}), if it exists and is a file. */
  public Optional<String> readFile(String owner, String name, String revision, String path, int maxBytes) {
    if (!exists(owner, name)) {
      return Optional.empty();
    }
    try (Repository repo = open(owner, name); RevWalk walk = new RevWalk(repo)) {
      ObjectId start = repo.resolve(revision);
      if (start == null) {
        return Optional.empty();
      }
      RevCommit commit = walk.parseCommit(start);
      try (org.eclipse.jgit.treewalk.TreeWalk tw =
          org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, path, commit.getTree())) {
        if (tw == null || !tw.getFileMode(0).equals(FileMode.REGULAR_FILE)) {
          return Optional.empty();
        }
        var loader = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB);
        byte[] bytes = loader.getSize() > maxBytes
            ? java.util.Arrays.copyOf(loader.openStream().readNBytes(maxBytes), maxBytes)
            : loader.getBytes();
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit as a value. */
  public static CommitInfo info(RevCommit c) {
    PersonIdent a = c.getAuthorIdent();
    PersonIdent m = c.getCommitterIdent();
    return new CommitInfo(c.name(), c.getFullMessage(), a.getName(), a.getEmailAddress(),
        a.getWhenAsInstant(), m.getName(), m.getEmailAddress(), m.getWhenAsInstant(),
        Arrays.stream(c.getParents()).map(RevCommit::name).toList());
  }

}
