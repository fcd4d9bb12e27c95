package dev.tidings.plugin.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One route the plugin adds under the host's {@code /api/v1/} (Gitea-compatible notification and
 * subscription calls); contributed through a Guice multibinder.
 */
public interface ApiRoute {

  /** Handles the request if it is this route's (full path, e.g. {@code /api/v1/notifications}), else false. */
  boolean handle(Request request, Response response, Callback callback) throws Exception;
}
