package dev.tidings.bench.client;

import java.net.URI;
import java.util.Map;

/**
 * A server under test as the load client sees it: where to connect and publish, and which headers
 * authenticate WebSocket upgrades and publish requests.
 */
public record Target(String name, String host, int port, String wsPath, String publishPath,
    Map<String, String> wsHeaders, Map<String, String> publishHeaders) {

  public URI wsUri() {
    return URI.create("ws://" + host + ":" + port + wsPath);
  }

  public URI publishUri() {
    return URI.create("http://" + host + ":" + port + publishPath);
  }

  public URI httpUri(String path) {
    return URI.create("http://" + host + ":" + port + path);
  }
}
