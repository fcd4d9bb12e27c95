package dev.samplehost.server.rest;

/** One group of API routes (users, orgs, repos, ...). */
public interface ApiResource {

  /** Adds this group's routes to {@code router}. */
  void register(Router router);
}
