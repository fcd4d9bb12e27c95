package dev.tidings.plugin.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.cluster.NodeId;
import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /plugins/tidings/health}:
 * {@code {"status":"up","node":"<node.id>","checks":{"log-writer":"up",...}}} with 200 when every
 * {@link HealthCheck} is healthy, else 503 and {@code "down"}. No credentials needed: it says
 * nothing but up or down and which node answered (behind a load balancer, which one to look at).
 */
@Singleton
public final class HealthRoute implements PluginRoute {

  /** The route's path inside the plugin's context. */
  public static final String PATH = "/health";

  private final List<HealthCheck> checks;
  private final ObjectMapper mapper;
  private final String node;

  @Inject
  HealthRoute(Set<HealthCheck> checks, ObjectMapper mapper, NodeId node) {
    this.node = node.value();
    this.checks = checks.stream().sorted(java.util.Comparator.comparing(HealthCheck::name))
        .collect(Collectors.toList());
    this.mapper = mapper;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    boolean all = true;
    Map<String, String> results = new LinkedHashMap<>();
    for (HealthCheck check : checks) {
      boolean ok;
      try {
        ok = check.healthy();
      } catch (RuntimeException e) {
        ok = false;
      }
      all &= ok;
      results.put(check.name(), ok ? "up" : "down");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", all ? "up" : "down");
    body.put("node", node);
    body.put("checks", results);
    JsonResponses.send(response, callback, all ? 200 : 503, mapper.writeValueAsBytes(body));
    return true;
  }
}
