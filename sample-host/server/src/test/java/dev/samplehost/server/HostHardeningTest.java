package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.samplehost.api.Plugin;
import dev.samplehost.api.PluginContext;
import dev.samplehost.api.Registration;
import dev.samplehost.api.web.WebMounts;
import dev.samplehost.server.testing.Http;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings L2, L7 and L9 on the host: security headers and no inline code on pages (the CSP holds
 * them), no Server version banner, Secure cookies behind an https public URL, owner-only data
 * folders, and forwarded client addresses taken only from configured trusted proxies.
 */
@HostTest
class HostHardeningTest {

  /** Echoes the remote address the host gives plugins, at /plugins/whoami/. */
  static final class WhoAmI implements Plugin {
    private Registration registration;

    @Override
    public String name() {
      return "whoami";
    }

    @Override
    public Module module(PluginContext context) {
      return new AbstractModule() {
        @Override
        protected void configure() {
          binder().requireExplicitBindings();
        }
      };
    }

    @Override
    public void start(Injector injector) {
      registration = injector.getInstance(WebMounts.class).mountPlugin("whoami", ctx -> new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
          Content.Sink.write(response, true, Request.getRemoteAddr(request), callback);
          return true;
        }
      });
    }

    @Override
    public void stop() {
      registration.remove();
    }
  }

  @Test
  void pagesCarryTheSecurityHeadersAndNoInlineCode(@TempDir Path tmp) throws Exception {
    try (HostServer host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build()) {
      host.start();
      for (String path : new String[] {"", "user/login", "alice/demo", "alice/demo/issues", "user/settings"}) {
        HttpResponse<String> page = path.startsWith("user/login") ? Http.get(host.baseUrl() + path)
            : Http.get(host.baseUrl() + path, "Authorization", BasicAuth.basic("alice", "tidings-alice"));
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
            .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "object-src 'none'",
                "frame-ancestors 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(page.headers().firstValue("Server")).as("no version banner").isEmpty();
        assertThat(page.body()).as(path).doesNotContain("<style").doesNotContain(" style=")
            .doesNotContain("<script>").contains("href=\"/assets/host.css\"");
      }
      // JSON answers, errors included, are never sniffed as HTML (they echo user text).
      for (String api : new String[] {"api/v1/repos/alice/demo", "api/v1/repos/alice/missing"}) {
        HttpResponse<String> answer = Http.get(host.baseUrl() + api, "Authorization", BasicAuth.basic("alice", "tidings-alice"));
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(api).contains("nosniff");
      }
      HttpResponse<String> css = Http.get(host.baseUrl() + "assets/host.css");
      assertThat(css.statusCode()).isEqualTo(200);
      assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
      assertThat(css.body()).contains("--accent");
      // Cookies stay non-Secure on plain http (browsers would drop them otherwise).
      assertThat(Http.get(host.baseUrl() + "user/login").headers().allValues("Set-Cookie"))
          .allSatisfy(c -> assertThat(c).doesNotContainIgnoringCase("secure"));
    }
  }

  @Test
  void anHttpsPublicUrlMakesCookiesSecureAndDataFoldersAreOwnerOnly(@TempDir Path tmp) throws Exception {
    try (HostServer host = HostServer.builder().port(0).dataDir(tmp.resolve("data"))
        .publicUrl("https://git.example.test").demo(true).build()) {
      host.start();
      assertThat(host.baseUrl()).isEqualTo("https://git.example.test/");
      String local = "http://127.0.0.1:" + host.port() + "/";
      assertThat(Http.get(local + "user/login").headers().allValues("Set-Cookie"))
          .isNotEmpty().allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> owner = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("data"))).isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(host.config().repositoriesDir())).isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(host.config().pluginDataDir())).isEqualTo(owner);
      }
    }
  }

  @Test
  void forwardedAddressesCountOnlyFromTrustedProxies(@TempDir Path tmp) throws Exception {
    try (HostServer direct = HostServer.builder().port(0).dataDir(tmp.resolve("a")).plugin(new WhoAmI()).build()) {
      direct.start();
      String url = direct.baseUrl() + "plugins/whoami/";
      assertThat(Http.get(url, "X-Forwarded-For", "203.0.113.9").body())
          .as("no trusted proxy configured: the header is ignored").isEqualTo("127.0.0.1");
      assertThat(Http.get(url, "Forwarded", "for=203.0.113.9").body()).isEqualTo("127.0.0.1");
    }
    try (HostServer proxied = HostServer.builder().port(0).dataDir(tmp.resolve("b")).plugin(new WhoAmI())
        .trustedProxy("127.0.0.1").build()) {
      proxied.start();
      String url = proxied.baseUrl() + "plugins/whoami/";
      assertThat(Http.get(url, "X-Forwarded-For", "203.0.113.9").body()).isEqualTo("203.0.113.9");
      assertThat(Http.get(url, "X-Forwarded-For", "198.51.100.1, 203.0.113.9").body())
          .as("the right-most hop the trusted proxy added, not what the client wrote").isEqualTo("203.0.113.9");
      assertThat(Http.get(url, "X-Forwarded-For", "203.0.113.9, 127.0.0.1").body())
          .as("trusted proxies in the chain are skipped").isEqualTo("203.0.113.9");
      assertThat(Http.get(url, "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https").body()).isEqualTo("[2001:db8:0:0:0:0:0:7]");
      assertThat(Http.get(url, "X-Forwarded-For", "unknown").body()).isEqualTo("127.0.0.1");
      assertThat(Http.get(url).body()).isEqualTo("127.0.0.1");
    }
  }
}
