package dev.tidings.plugin.notify.email;

import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import dev.tidings.plugin.web.SecurityHeaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /plugins/tidings/email/unsubscribe?token=...}, the link in every email, without signing in.
 * GET checks the token and answers a small page with one button (a link scanner that follows the
 * link changes nothing); POST, from that button or from a mail client's RFC 8058 one-click
 * ({@code List-Unsubscribe=One-Click}), sets the user's email mode to off. A bad token answers 400
 * and changes nothing.
 */
@Singleton
public final class UnsubscribeRoute implements PluginRoute {

  private final UnsubscribeTokens tokens;
  private final EmailStore store;

  @Inject
  public UnsubscribeRoute(UnsubscribeTokens tokens, EmailStore store) {
    this.tokens = tokens;
    this.store = store;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!Request.getPathInContext(request).equals("/email/unsubscribe")) {
      return false;
    }
    Fields query = Request.extractQueryParameters(request);
    String token = query.getValue("token");
    OptionalLong user = tokens.verify(token);
    switch (request.getMethod()) {
      case "GET", "HEAD" -> {
        if (user.isEmpty()) {
          page(response, callback, 400, "This unsubscribe link is not valid",
              "The link may have been cut or changed. Use the link of a newer email, or change your notification preferences after signing in.");
          return true;
        }
        page(response, callback, 200, "Stop notification emails?",
            "<form method=\"post\" action=\"?token=" + MailComposer.esc(token) + "\">"
                + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>"
                + "<p>You will get no more notification emails. Notifications in the app are not affected.</p>");
      }
      case "POST" -> {
        if (user.isEmpty()) {
          page(response, callback, 400, "This unsubscribe link is not valid", "Nothing was changed.");
          return true;
        }
        // The login column is informational; the row is deleted for off.
        store.setMode(user.getAsLong(), "", EmailMode.OFF).get(60, TimeUnit.SECONDS);
        page(response, callback, 200, "You are unsubscribed",
            "<p>You will get no more notification emails. You can turn them on again in your notification preferences.</p>");
      }
      default -> throw HttpProblem.methodNotAllowed("GET, POST", "method not allowed");
    }
    return true;
  }

  private static void page(Response response, Callback callback, int status, String title, String body) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + MailComposer.esc(title)
        + "</title><meta name=\"viewport\" content=\"width=device-width\"></head><body style=\"font-family:sans-serif;"
        + "max-width:32em;margin:3em auto\"><h1>" + MailComposer.esc(title) + "</h1>"
        + (body.startsWith("<") ? body : "<p>" + MailComposer.esc(body) + "</p>") + "</body></html>";
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    SecurityHeaders.page(response);
    // The token is in the URL: never send it on as a Referer.
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
