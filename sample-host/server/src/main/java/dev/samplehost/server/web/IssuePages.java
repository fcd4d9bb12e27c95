package dev.samplehost.server.web;

import dev.samplehost.server.domain.Repository;
import jakarta.inject.Singleton;

/** Issue and pull request pages (placeholder while the full pages are written). */
@Singleton
class IssuePages {
  void issues(PageRequest p, Repository repo, String[] rest) {
    Web.html(p.response(), p.callback(), 404, "not yet");
  }

  void pulls(PageRequest p, Repository repo, String[] rest) {
    Web.html(p.response(), p.callback(), 404, "not yet");
  }
}
