package dev.samplehost.server.git;

import dev.samplehost.api.Identity;
import dev.samplehost.api.Permission;
import dev.samplehost.api.PushContext;
import dev.samplehost.server.auth.HostAuthenticator;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PostReceiveHookChain;
import org.eclipse.jgit.transport.PreReceiveHookChain;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/** Git smart HTTP at {@code /{owner}/{repo}.git}: JGit's GitServlet behind the host's access filter. */
@Singleton
public class GitHttp {
  private final HostAuthenticator authenticator;
  private final RepoService repos;
  private final PullService pulls;
  private final GitStore store;
  private final HostReceiveHooks hooks;

  @Inject
  GitHttp(HostAuthenticator authenticator, RepoService repos, PullService pulls, GitStore store,
      HostReceiveHooks hooks) {
    this.authenticator = authenticator;
    this.repos = repos;
    this.pulls = pulls;
    this.store = store;
    this.hooks = hooks;
  }

  /** A servlet context (at {@code /}) serving every git path it is given. */
  public ServletContextHandler newContext() {
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver(this::open);
    servlet.setUploadPackFactory((HttpServletRequest req, org.eclipse.jgit.lib.Repository db) -> {
      if (req.getAttribute(GitAccessFilter.REPO) == null) {
        throw new ServiceNotAuthorizedException();
      }
      return new UploadPack(db);
    });
    servlet.setReceivePackFactory(this::receivePack);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new GitAccessFilter(authenticator, repos)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("git", servlet), "/*");
    return context;
  }

  private org.eclipse.jgit.lib.Repository open(HttpServletRequest req, String name)
      throws RepositoryNotFoundException, ServiceNotAuthorizedException {
    Repository repo = (Repository) req.getAttribute(GitAccessFilter.REPO);
    if (repo == null) {
      throw new ServiceNotAuthorizedException();
    }
    try {
      return store.open(repo.owner(), repo.name());
    } catch (IOException e) {
      throw new RepositoryNotFoundException(name, e);
    }
  }

  private ReceivePack receivePack(HttpServletRequest req, org.eclipse.jgit.lib.Repository db)
      throws ServiceNotAuthorizedException, ServiceNotEnabledException {
    User user = (User) req.getAttribute(GitAccessFilter.USER);
    Repository repo = (Repository) req.getAttribute(GitAccessFilter.REPO);
    if (user == null || repo == null) {
      throw new ServiceNotAuthorizedException();
    }
    // The filter decided already; checked again here so that no path reaches a ReceivePack without it.
    Identity identity = (Identity) req.getAttribute(GitAccessFilter.IDENTITY);
    if (identity == null || !identity.allows("repository", true)
        || (identity.scopes().publicOnly() && repo.isPrivate())) {
      throw new ServiceNotEnabledException(GitAccessFilter.missingScope(true));
    }
    if (!repos.permission(user.login(), repo).atLeast(Permission.WRITE)) {
      throw new ServiceNotEnabledException("You do not have write access to " + repo.fullName());
    }
    ReceivePack rp = new ReceivePack(db);
    rp.setAllowCreates(true);
    rp.setAllowDeletes(true);
    rp.setAllowNonFastForwards(true);
    rp.setRefLogIdent(new PersonIdent(user.login(),
        user.email().isEmpty() ? user.login() + "@noreply.localhost" : user.email()));
    PushContext context = new PushContext(repo.toRef(), user.toRef());
    rp.setPreReceiveHook(PreReceiveHookChain.newChain(hooks.preHooks(context)));
    List<PostReceiveHook> post = new ArrayList<>(hooks.postHooks(context));
    post.add(new PullSyncHook(repo, user, pulls, repos));
    rp.setPostReceiveHook(PostReceiveHookChain.newChain(post));
    return rp;
  }
}
