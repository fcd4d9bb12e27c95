package dev.tidings.plugin.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The names of the browser assets, listed once at start from the jar (or, in tests, the folder)
 * that holds {@code anchor}. Requests for any other name are answered without a class-path lookup:
 * a lookup of an unknown name through the parent class loader is remembered by the JDK's loader,
 * so random names would still grow the heap (security review M4).
 */
final class AssetCatalog {

  private AssetCatalog() {}

  /** Every resource name below {@code root} (relative to it) next to {@code anchor}, read through {@code loader}. */
  static Map<String, byte[]> read(ClassLoader loader, String root, String anchor) {
    URL url = loader.getResource(root + anchor);
    if (url == null) {
      throw new IllegalStateException("The plugin jar has no " + root + anchor);
    }
    Map<String, byte[]> assets = new HashMap<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : java.util.Collections.list(jar.entries())) {
            if (!entry.isDirectory() && entry.getName().startsWith(root)) {
              try (InputStream in = jar.getInputStream(entry)) {
                assets.put(entry.getName().substring(root.length()), in.readAllBytes());
              }
            }
          }
        }
      } else if ("file".equals(url.getProtocol())) {
        Path folder = Path.of(url.toURI()).getParent();
        try (Stream<Path> files = Files.walk(folder)) {
          for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
            assets.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
          }
        }
      } else {
        throw new IllegalStateException("Cannot list assets at " + url);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the assets at " + url, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot read the assets at " + url, e);
    }
    return Map.copyOf(assets);
  }
}
