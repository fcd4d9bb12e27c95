package dev.tidings.plugin.ui;

import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.Registration;
import dev.samplehost.api.web.PageContributions;
import dev.samplehost.api.web.PageSlot;
import dev.tidings.plugin.lifecycle.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the plugin's script, style and widgets to the host's pages on start and takes them away
 * on stop; the markup is constant (widgets read their context from {@code <body data-host-*>}).
 */
@Singleton
public final class PageContributor implements Managed {

  static final String HEAD = "<link rel=\"stylesheet\" href=\"/plugins/tidings/ui/tidings.css\">"
      + "<script type=\"module\" src=\"/plugins/tidings/ui/boot.js\"></script>";
  static final String HEADER = "<tidings-status></tidings-status><tidings-bell></tidings-bell>";
  // Without a channel attribute the feed follows the page's repository (<body data-host-repo>).
  static final String REPOSITORY_HOME = "<tidings-feed></tidings-feed>";
  // Reads the repository and the issue or pull request number from <body data-host-*>.
  static final String ISSUE = "<tidings-issue-subscription></tidings-issue-subscription>";
  /** The signed-in home page: live activity of the repositories the user watches. */
  static final String HOME = "<tidings-dashboard></tidings-dashboard>";
  static final String USER_SETTINGS = "<section class=\"tidings-settings-link\"><h2>Notifications</h2>"
      + "<p><a href=\"/plugins/tidings/settings\">Notification preferences</a>: watch levels, "
      + "in-app and desktop delivery per kind.</p></section>";

  private final PageContributions contributions;
  private final List<Registration> registrations = new ArrayList<>();

  @Inject
  PageContributor(PageContributions contributions) {
    this.contributions = contributions;
  }

  @Override
  public Phase phase() {
    return Phase.INGRESS;
  }

  @Override
  public synchronized void start() {
    registrations.add(contributions.add(PageSlot.HEAD, HEAD));
    registrations.add(contributions.add(PageSlot.HEADER, HEADER));
    registrations.add(contributions.add(PageSlot.REPOSITORY_HOME, REPOSITORY_HOME));
    registrations.add(contributions.add(PageSlot.ISSUE, ISSUE));
    registrations.add(contributions.add(PageSlot.HOME, HOME));
    registrations.add(contributions.add(PageSlot.USER_SETTINGS, USER_SETTINGS));
  }

  @Override
  public synchronized void stop() {
    for (Registration r : registrations) {
      r.remove();
    }
    registrations.clear();
  }
}
