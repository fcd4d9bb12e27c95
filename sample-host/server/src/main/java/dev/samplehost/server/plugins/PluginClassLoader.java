package dev.samplehost.server.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Class loader of one plugin jar: the host's API and shared libraries (JGit, Jetty, Guice, SLF4J,
 * Guava) come from the host; everything else the jar bundles is loaded from the jar first.
 */
final class PluginClassLoader extends URLClassLoader {
  private static final String[] PARENT_FIRST = {
      "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.inject.", "jakarta.servlet.",
      "dev.samplehost.api.", "org.eclipse.jgit.", "org.eclipse.jetty.", "com.google.inject.",
      "com.google.common.", "org.aopalliance.", "org.slf4j."
  };

  static {
    ClassLoader.registerAsParallelCapable();
  }

  PluginClassLoader(String name, URL jar, ClassLoader parent) {
    super(name, new URL[] {jar}, parent);
  }

  private static boolean parentFirst(String className) {
    for (String prefix : PARENT_FIRST) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (parentFirst(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException e) {
          c = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    String asClass = name.replace('/', '.');
    if (parentFirst(asClass)) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    // The jar's own resources first, then the host's (ServiceLoader callers filter by loader).
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    Enumeration<URL> parents = getParent().getResources(name);
    while (parents.hasMoreElements()) {
      URL u = parents.nextElement();
      if (!all.contains(u)) {
        all.add(u);
      }
    }
    return Collections.enumeration(all);
  }
}
