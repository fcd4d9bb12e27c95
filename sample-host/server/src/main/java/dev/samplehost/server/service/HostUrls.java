package dev.samplehost.server.service;

import jakarta.inject.Singleton;

/** The host's public base URL (known once Jetty has its port) and the URLs built from it. */
@Singleton
public final class HostUrls {
  private volatile String baseUrl = "http://127.0.0.1/";

  /** Sets the base URL; a missing trailing slash is added. */
  public void setBaseUrl(String url) {
    this.baseUrl = url.endsWith("/") ? url : url + "/";
  }

  /** The base URL, always ending with {@code /} (like Gitea's AppURL). */
  public String baseUrl() {
    return baseUrl;
  }

  /** {@code <base>owner/name}. */
  public String repo(String owner, String name) {
    return baseUrl + owner + "/" + name;
  }

  /** {@code <base>owner/name.git}. */
  public String clone(String owner, String name) {
    return repo(owner, name) + ".git";
  }

  /** The HTML page of an issue, or of a pull request when {@code pull}. */
  public String issue(String owner, String name, long number, boolean pull) {
    return repo(owner, name) + (pull ? "/pulls/" : "/issues/") + number;
  }

  /** The HTML anchor of one comment. */
  public String comment(String owner, String name, long number, boolean pull, long commentId) {
    return issue(owner, name, number, pull) + "#issuecomment-" + commentId;
  }
}
