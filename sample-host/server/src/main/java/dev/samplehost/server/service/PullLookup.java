package dev.samplehost.server.service;

import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads a pull request by its number. Its own class so that {@link PullService} and
 * {@link PullReviews} share it without depending on each other (opening a pull request requests reviews).
 */
@Singleton
class PullLookup {
  private final Database db;

  @Inject
  PullLookup(Database db) {
    this.db = db;
  }

  /** Pull request {@code number}, if it exists (an issue with that number is not one). */
  Optional<PullRequest> find(Repository repo, long number) {
    return db.read(sql -> {
      Optional<Issue> issue = Loader.issue(sql, repo.id(), number);
      return issue.isEmpty() ? Optional.<PullRequest>empty() : Loader.pull(sql, issue.get());
    });
  }

  /** Pull request {@code number}, or 404. */
  PullRequest get(Repository repo, long number) {
    return find(repo, number).orElseThrow(() -> new NotFoundException(
        "pull request does not exist [repo: " + repo.fullName() + ", index: " + number + "]"));
  }
}
