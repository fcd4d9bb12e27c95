package dev.samplehost.server;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Directory;
import dev.samplehost.api.ReceiveHooks;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.web.HostPages;
import dev.samplehost.api.web.PageContributions;
import dev.samplehost.api.web.WebMounts;
import dev.samplehost.server.auth.AuthSettings;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.auth.LoginThrottle;
import dev.samplehost.server.auth.HostAuthenticator;
import dev.samplehost.server.auth.SessionService;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.events.HostEventBus;
import dev.samplehost.server.git.GitHttp;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.git.HostReceiveHooks;
import dev.samplehost.server.rest.RestModule;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.HostDirectory;
import dev.samplehost.server.service.HostUrls;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.IssueSearch;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.PullMerger;
import dev.samplehost.server.service.PullReviews;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.Snapshots;
import dev.samplehost.server.service.TeamService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.web.HostPageContributions;
import dev.samplehost.server.web.HostPagesImpl;
import dev.samplehost.server.web.HostWebMounts;
import dev.samplehost.server.web.Layout;
import dev.samplehost.server.web.PluginApiRoutes;
import dev.samplehost.server.web.Viewer;
import dev.samplehost.server.web.WebUi;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** The host's root Guice module: the plugin API's interfaces, the services, the web parts and the REST module. */
final class HostModule extends AbstractModule {
  private final HostConfig config;
  private final Database db;
  private final GitStore git;
  private final ContextHandlerCollection pluginContexts;
  private final AuthSettings auth;

  HostModule(HostConfig config, Database db, GitStore git, ContextHandlerCollection pluginContexts, AuthSettings auth) {
    this.auth = auth;
    this.config = config;
    this.db = db;
    this.git = git;
    this.pluginContexts = pluginContexts;
  }

  @Override
  protected void configure() {
    bind(HostConfig.class).toInstance(config);
    bind(Database.class).toInstance(db);
    bind(AuthSettings.class).toInstance(auth);
    bind(LoginThrottle.class);
    bind(GitStore.class).toInstance(git);
    bind(ContextHandlerCollection.class).annotatedWith(Names.named(HostWebMounts.PLUGIN_CONTEXTS))
        .toInstance(pluginContexts);

    // The plugin API (sample-host/api).
    bind(Directory.class).to(HostDirectory.class);
    bind(AccessControl.class).to(HostAccessControl.class);
    bind(Authenticator.class).to(HostAuthenticator.class);
    bind(ReceiveHooks.class).to(HostReceiveHooks.class);
    bind(HostEvents.class).to(HostEventBus.class);
    bind(WebMounts.class).to(HostWebMounts.class);
    bind(PageContributions.class).to(HostPageContributions.class);
    bind(HostPages.class).to(HostPagesImpl.class);

    // Host parts bound explicitly so that they are created in this injector, never by a plugin's child.
    bind(HostUrls.class);
    bind(HostEventBus.class);
    bind(HostAccessControl.class);
    bind(HostAuthenticator.class);
    bind(SessionService.class);
    bind(UserService.class);
    bind(AccessTokenService.class);
    bind(OrgService.class);
    bind(TeamService.class);
    bind(RepoService.class);
    bind(IssueService.class);
    bind(IssueSearch.class);
    bind(CommentService.class);
    bind(PullService.class);
    bind(PullMerger.class);
    bind(PullReviews.class);
    bind(dev.samplehost.server.service.CommitStatusService.class);
    bind(dev.samplehost.server.service.StatusEventThrottle.class);
    bind(Snapshots.class);
    bind(HostDirectory.class);
    bind(HostReceiveHooks.class);
    bind(GitHttp.class);
    bind(dev.samplehost.server.git.ServerSidePushes.class);
    bind(PluginApiRoutes.class);
    bind(HostPageContributions.class);
    bind(HostWebMounts.class);
    bind(HostPagesImpl.class);
    bind(Layout.class);
    bind(Viewer.class);
    bind(WebUi.class);

    install(new RestModule());
  }
}
