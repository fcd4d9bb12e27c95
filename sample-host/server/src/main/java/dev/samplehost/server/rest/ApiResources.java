package dev.samplehost.server.rest;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** Registers every resource group of the API with the router. */
@Singleton
public class ApiResources {

  private final List<ApiResource> groups;

  @Inject
  ApiResources(UsersApi users, OrgsApi orgs, ReposApi repos, IssuesApi issues, PullsApi pulls,
      ReviewsApi reviews, CommitStatusApi statuses) {
    this.groups = List.of(users, orgs, repos, issues, pulls, reviews, statuses);
  }

  /** Adds all routes to {@code router}. */
  public void register(Router router) {
    groups.forEach(group -> group.register(router));
  }
}
