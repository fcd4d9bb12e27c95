package dev.samplehost.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars at test time: compiles Java sources with javax.tools and packs them with a services file. */
public final class PluginJars {
  private PluginJars() {}

  /**
   * Compiles {@code sources} (class name to source) against the host API and its libraries and writes
   * a jar at {@code jar} whose {@code META-INF/services/dev.samplehost.api.Plugin} names {@code services}.
   */
  public static Path build(Path work, Path jar, Map<String, String> sources, List<String> services) {
    try {
      Path src = Files.createDirectories(work.resolve("src"));
      Path out = Files.createDirectories(work.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-proc:none",
          "-classpath", classpath()));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new IllegalStateException("No system Java compiler (a JDK is needed to build the test plugin)");
      }
      int rc = sources.isEmpty() ? 0 : javac.run(null, null, null, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("Compiling the test plugin failed (javac exit " + rc + ")");
      }
      Files.createDirectories(jar.getParent());
      try (JarOutputStream jos = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(out)) {
        for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
          jos.putNextEntry(new JarEntry(out.relativize(p).toString().replace('\\', '/')));
          Files.copy(p, jos);
          jos.closeEntry();
        }
        if (!services.isEmpty()) {
          jos.putNextEntry(new JarEntry("META-INF/services/dev.samplehost.api.Plugin"));
          jos.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
          jos.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes bytes that are not a zip file at all. */
  public static Path garbage(Path jar) {
    try (OutputStream os = Files.newOutputStream(jar)) {
      os.write("this is not a jar".getBytes(StandardCharsets.UTF_8));
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String classpath() {
    List<String> parts = new ArrayList<>();
    for (Class<?> c : List.of(dev.samplehost.api.Plugin.class, com.google.inject.Module.class,
        org.eclipse.jgit.transport.PostReceiveHook.class, org.eclipse.jetty.server.Handler.class,
        org.eclipse.jetty.io.Content.class, org.eclipse.jetty.util.Callback.class,
        org.eclipse.jetty.http.HttpField.class, jakarta.inject.Inject.class, org.slf4j.Logger.class)) {
      try {
        parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(java.io.File.pathSeparator, parts);
  }
}
