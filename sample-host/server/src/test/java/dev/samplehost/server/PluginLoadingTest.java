package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.testing.Http;
import dev.samplehost.server.testing.PluginJars;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A plugin jar built at test time is loaded from the plugins folder, sees pushes and events; broken jars are skipped. */
@HostTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginLoadingTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static Path plugins;

  static final String ECHO = """
      package echo;

      import com.google.inject.AbstractModule;
      import com.google.inject.Injector;
      import com.google.inject.Module;
      import com.google.inject.TypeLiteral;
      import com.google.inject.name.Names;
      import dev.samplehost.api.*;
      import dev.samplehost.api.events.*;
      import dev.samplehost.api.web.*;
      import java.nio.file.Files;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CopyOnWriteArrayList;
      import org.eclipse.jetty.io.Content;
      import org.eclipse.jetty.server.Handler;
      import org.eclipse.jetty.server.Request;
      import org.eclipse.jetty.server.Response;
      import org.eclipse.jetty.util.Callback;
      import org.eclipse.jgit.transport.ReceiveCommand;

      public final class EchoPlugin implements Plugin {
        private final List<String> seen = new CopyOnWriteArrayList<>();
        private final List<Registration> registrations = new ArrayList<>();
        private PluginContext context;

        @Override public String name() { return "echo"; }

        @Override public Module module(PluginContext ctx) {
          this.context = ctx;
          return new AbstractModule() {
            @Override protected void configure() {
              binder().requireExplicitBindings();
              bind(PluginContext.class).toInstance(ctx);
              bind(new TypeLiteral<List<String>>() {}).annotatedWith(Names.named("seen")).toInstance(seen);
            }
          };
        }

        @Override public void start(Injector injector) throws Exception {
          registrations.add(injector.getInstance(ReceiveHooks.class).addPostReceiveHook(push -> (rp, commands) -> {
            for (ReceiveCommand c : commands) {
              seen.add("push " + push.repository().fullName() + " " + c.getRefName() + " by " + push.pusher().login());
            }
          }));
          registrations.add(injector.getInstance(HostEvents.class).addListener(new HostEventListener() {
            @Override public void onPullRequest(PullRequestEvent e) {
              seen.add("pr " + e.action() + " #" + e.pullRequest().number()
                  + (e.beforeSha() == null ? "" : " before " + e.beforeSha()));
            }
            @Override public void onComment(CommentEvent e) {
              seen.add("comment #" + e.subject().number() + " " + e.body());
            }
          }));
          registrations.add(injector.getInstance(WebMounts.class).mountPlugin("echo", ctx -> new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) {
              response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
              Content.Sink.write(response, true, String.join("\\n", seen), callback);
              return true;
            }
          }));
          registrations.add(injector.getInstance(WebMounts.class).addApiRoutes(new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) {
              if (!request.getHttpURI().getPath().equals("/api/v1/echo/seen")) {
                return false;
              }
              response.getHeaders().put("Content-Type", "application/json");
              Content.Sink.write(response, true, "{\\"count\\":" + seen.size() + "}", callback);
              return true;
            }
          }));
          registrations.add(injector.getInstance(PageContributions.class)
              .add(PageSlot.HEAD, "<meta name=\\"echo-plugin\\" content=\\"on\\">"));
          Files.writeString(injector.getInstance(PluginContext.class).dataDirectory().resolve("started"), "yes");
        }

        @Override public void stop() throws Exception {
          for (Registration r : registrations) { r.remove(); }
          Files.writeString(context.dataDirectory().getParent().resolve("stop-order.log"), "echo\\n",
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
      }
      """;

  static final String FAILING = """
      package failing;

      import com.google.inject.AbstractModule;
      import com.google.inject.Injector;
      import com.google.inject.Module;
      import dev.samplehost.api.Plugin;
      import dev.samplehost.api.PluginContext;

      public final class FailingPlugin implements Plugin {
        @Override public String name() { return "failing"; }
        @Override public Module module(PluginContext ctx) { return new AbstractModule() {}; }
        @Override public void start(Injector injector) { throw new IllegalStateException("boom on purpose"); }
        @Override public void stop() {}
      }
      """;

  static final String SECOND = """
      package second;

      import com.google.inject.AbstractModule;
      import com.google.inject.Injector;
      import com.google.inject.Module;
      import dev.samplehost.api.Plugin;
      import dev.samplehost.api.PluginContext;
      import java.nio.file.Files;
      import java.nio.file.StandardOpenOption;

      public final class SecondPlugin implements Plugin {
        private PluginContext context;
        @Override public String name() { return "second"; }
        @Override public Module module(PluginContext ctx) {
          this.context = ctx;
          return new AbstractModule() { @Override protected void configure() { binder().requireExplicitBindings(); } };
        }
        @Override public void start(Injector injector) {}
        @Override public void stop() throws Exception {
          Files.writeString(context.dataDirectory().getParent().resolve("stop-order.log"), "second\\n",
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
      }
      """;

  @BeforeAll
  static void start() throws Exception {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    PluginJars.build(tmp.resolve("build-echo"), plugins.resolve("echo.jar"), Map.of("echo.EchoPlugin", ECHO),
        List.of("echo.EchoPlugin"));
    PluginJars.build(tmp.resolve("build-failing"), plugins.resolve("a-failing.jar"),
        Map.of("failing.FailingPlugin", FAILING), List.of("failing.FailingPlugin"));
    PluginJars.build(tmp.resolve("build-missing"), plugins.resolve("b-missing-class.jar"), Map.of(),
        List.of("does.not.Exist"));
    PluginJars.garbage(plugins.resolve("c-garbage.jar"));
    PluginJars.build(tmp.resolve("build-second"), plugins.resolve("z-second.jar"), Map.of("second.SecondPlugin", SECOND),
        List.of("second.SecondPlugin"));
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).pluginsDir(plugins).demo(true).build();
    host.start();
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  @Test
  void brokenJarsAreSkippedAndTheGoodPluginStarts() throws Exception {
    assertThat(host.pluginNames()).containsExactly("echo", "second");
    assertThat(Http.get(host.baseUrl() + "healthz").statusCode()).isEqualTo(200);
    assertThat(host.pluginInjector("echo")).isPresent();
    assertThat(host.pluginInjector("failing")).isEmpty();
    assertThat(tmp.resolve("data/plugins-data/echo/started")).exists();
    assertThat(Http.get(host.baseUrl()).body()).contains("<meta name=\"echo-plugin\" content=\"on\">");
    assertThat(Http.get(host.baseUrl() + "plugins/echo").statusCode()).isEqualTo(200);
    assertThat(Http.get(host.baseUrl() + "plugins/nobody").statusCode()).isEqualTo(404);
    var api = Http.get(host.baseUrl() + "api/v1/echo/seen");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body()).startsWith("{\"count\":");
    assertThat(Http.get(host.baseUrl() + "api/v1/echo/unknown").statusCode()).isEqualTo(404);
  }

  @Test
  void pluginSeesPushesPullRequestsAndComments() throws Exception {
    Requirements.git();
    GitCli git = new GitCli(tmp).withHome(tmp.resolve("home"));
    Path work = tmp.resolve("work");
    String url = host.baseUrl().replace("http://", "http://alice:tidings-alice@") + "alice/demo.git";
    git.in(tmp).check("clone", url, work.toString());
    git.in(work).check("checkout", "-b", "topic");
    Files.writeString(work.resolve("topic.txt"), "one\n");
    git.in(work).check("add", "topic.txt");
    git.in(work).check("commit", "-m", "Topic one");
    git.in(work).check("push", "origin", "topic");
    String first = git.in(work).check("rev-parse", "HEAD");

    List<String> seen = seen();
    assertThat(seen).contains("push alice/demo refs/heads/topic by alice");

    User alice = host.injector().getInstance(UserService.class).get("alice");
    Repository demo = host.injector().getInstance(RepoService.class).get("alice", "demo");
    PullRequest pr = host.injector().getInstance(PullService.class)
        .create(alice, demo, "topic", "main", "Topic", "Please merge", List.of(), List.of());
    host.injector().getInstance(CommentService.class).comment(alice, demo, pr.number(), "Looks good");
    assertThat(seen).contains("pr OPENED #" + pr.number(), "comment #" + pr.number() + " Looks good");

    Files.writeString(work.resolve("topic.txt"), "two\n");
    git.in(work).check("commit", "-am", "Topic two");
    git.in(work).check("push", "origin", "topic");
    assertThat(seen).contains("pr SYNCHRONIZED #" + pr.number() + " before " + first);
    assertThat(host.injector().getInstance(PullService.class).get(demo, pr.number()).headSha())
        .isEqualTo(git.in(work).check("rev-parse", "HEAD"));
    assertThat(Http.get(host.baseUrl() + "plugins/echo").body()).contains("pr OPENED #" + pr.number());

    // A merge moves main without a push; the plugin's hook still hears about it.
    host.injector().getInstance(PullService.class).merge(alice, demo, pr.number(),
        dev.samplehost.server.domain.MergeStyle.MERGE, null, null, null, true);
    assertThat(seen).contains("pr MERGED #" + pr.number(), "push alice/demo refs/heads/main by alice",
        "push alice/demo refs/heads/topic by alice");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void pluginsStopInReverseOrder() throws Exception {
    host.stop();
    assertThat(Files.readAllLines(tmp.resolve("data/plugins-data/stop-order.log"))).containsExactly("second", "echo");
  }

  private static List<String> seen() {
    Injector child = host.pluginInjector("echo").orElseThrow();
    return child.getInstance(Key.get(new TypeLiteral<List<String>>() {}, Names.named("seen")));
  }

}
