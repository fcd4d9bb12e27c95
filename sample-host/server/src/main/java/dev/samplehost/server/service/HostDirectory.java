package dev.samplehost.server.service;

import dev.samplehost.api.Directory;
import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The plugin API's read-only directory, answered from the host's services. */
@Singleton
public class HostDirectory implements Directory {
  private final Database db;
  private final UserService users;
  private final OrgService orgs;
  private final RepoService repos;

  @Inject
  HostDirectory(Database db, UserService users, OrgService orgs, RepoService repos) {
    this.db = db;
    this.users = users;
    this.orgs = orgs;
    this.repos = repos;
  }

  @Override
  public Optional<UserRef> user(String login) {
    return users.find(login).map(User::toRef);
  }

  @Override
  public Optional<RepoRef> repository(String owner, String name) {
    return repos.find(owner, name).map(Repository::toRef);
  }

  @Override
  public List<RepoRef> repositoriesOf(String owner) {
    return repos.listByOwner(owner).stream().map(Repository::toRef).toList();
  }

  @Override
  public Map<String, Permission> collaborators(String owner, String name) {
    Map<String, Permission> out = new LinkedHashMap<>();
    repos.find(owner, name).ifPresent(r -> repos.collaborators(r).forEach(c -> out.put(c.user().login(), c.permission())));
    return out;
  }

  @Override
  public boolean isOrganization(String name) {
    return orgs.find(name).isPresent();
  }

  @Override
  public List<String> organizationMembers(String org) {
    return orgs.members(org).stream().map(User::login).toList();
  }

  @Override
  public Optional<Participants> participants(String owner, String name, long number) {
    Optional<Repository> repo = repos.find(owner, name);
    if (repo.isEmpty()) {
      return Optional.empty();
    }
    return db.read(sql -> {
      Optional<Issue> issue = Loader.issue(sql, repo.get().id(), number);
      if (issue.isEmpty()) {
        return Optional.<Participants>empty();
      }
      Issue i = issue.get();
      Set<String> commenters = new LinkedHashSet<>();
      for (Comment c : Loader.comments(sql, i.id())) {
        commenters.add(c.author().login());
      }
      List<String> requested = List.of();
      if (i.pullRequest()) {
        for (Review r : Loader.reviews(sql, i.id())) {
          commenters.add(r.reviewer().login());
        }
        requested = Loader.pull(sql, i).map(PullRequest::requestedReviewers).orElse(List.of())
            .stream().map(User::login).toList();
      }
      return Optional.of(new Participants(i.author().login(),
          i.assignees().stream().map(User::login).toList(), requested, List.copyOf(commenters), i.pullRequest()));
    });
  }
}
