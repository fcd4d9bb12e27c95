package dev.tidings.plugin.cluster.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Lua script shipped in the jar, run by its SHA-1 ({@code EVALSHA}) and loaded again when Redis
 * does not know it (after a restart or {@code SCRIPT FLUSH}): the text is sent at most once per
 * Redis life instead of with every call.
 */
final class RedisScript {

  private final String name;
  private final String text;
  private volatile String sha;

  private RedisScript(String name, String text) {
    this.name = name;
    this.text = text;
  }

  static RedisScript load(String resource) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing script " + resource + " in the plugin jar");
      }
      return new RedisScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }

  List<Object> run(RedisCommands<String, String> redis, String[] keys, String... args) {
    String known = sha;
    if (known != null) {
      try {
        return redis.evalsha(known, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException forgotten) {
        // Redis restarted or flushed its scripts: load it again below.
      }
    }
    sha = redis.scriptLoad(text);
    return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
  }

  @Override
  public String toString() {
    return name;
  }
}
