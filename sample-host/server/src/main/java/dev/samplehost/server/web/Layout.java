package dev.samplehost.server.web;

import dev.samplehost.api.web.PageSlot;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The one layout of every host page: head with plugin HEAD contributions, header bar with
 * navigation and the HEADER slot, and the {@code data-host-*} attributes on {@code <body>}.
 */
@Singleton
public class Layout {
  private final HostPageContributions contributions;

  /** What the layout needs to know about the page and who views it. */
  public record Page(
      User user, String csrf, String kind, String title, Repository repo, Long issue, Long pull) {

    /** A page without repository context. */
    public static Page of(User user, String csrf, String kind, String title) {
      return new Page(user, csrf, kind, title, null, null, null);
    }

    /** A repository page. */
    public static Page repo(User user, String csrf, String kind, String title, Repository repo) {
      return new Page(user, csrf, kind, title, repo, null, null);
    }
  }

  @Inject
  Layout(HostPageContributions contributions) {
    this.contributions = contributions;
  }

  /** Markup contributed to {@code slot} (inserted as given). */
  public String slot(PageSlot slot) {
    return contributions.html(slot);
  }

  /** The full HTML document around {@code mainHtml} (already escaped by the caller). */
  public String render(Page page, String mainHtml) {
    StringBuilder b = new StringBuilder(4096 + mainHtml.length());
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
        .append("<title>").append(Html.esc(page.title())).append(" · Tidings sample host</title>\n")
        // A file, not an inline <style>: the pages' CSP allows no inline code.
        .append("<link rel=\"stylesheet\" href=\"").append(CSS_PATH).append("\">\n")
        .append(slot(PageSlot.HEAD))
        .append("</head>\n<body");
    if (page.user() != null) {
      b.append(" data-host-user=\"").append(Html.esc(page.user().login())).append('"');
    }
    if (page.repo() != null) {
      b.append(" data-host-repo=\"").append(Html.esc(page.repo().fullName())).append('"');
    }
    if (page.issue() != null) {
      b.append(" data-host-issue=\"").append(page.issue()).append('"');
    }
    if (page.pull() != null) {
      b.append(" data-host-pull=\"").append(page.pull()).append('"');
    }
    b.append(" data-host-page=\"").append(Html.esc(page.kind())).append('"');
    if (page.csrf() != null) {
      b.append(" data-host-csrf=\"").append(Html.esc(page.csrf())).append('"');
    }
    b.append(">\n<header class=\"bar\">\n<nav><a class=\"brand\" href=\"/\">Tidings host</a>");
    if (page.repo() != null) {
      Repository r = page.repo();
      b.append("<span class=\"crumb\"><a href=\"/").append(Html.esc(r.owner())).append("\">")
          .append(Html.esc(r.owner())).append("</a> / <a href=\"/").append(Html.esc(r.fullName())).append("\">")
          .append(Html.esc(r.name())).append("</a></span>");
    }
    b.append("</nav>\n<div class=\"header-slot\">").append(slot(PageSlot.HEADER)).append("</div>\n<div class=\"who\">");
    if (page.user() != null) {
      b.append("<a href=\"/user/settings\">").append(Html.esc(page.user().login())).append("</a>")
          .append("<form method=\"post\" action=\"/user/logout\" class=\"inline\">")
          .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(Html.esc(page.csrf())).append("\">")
          .append("<button type=\"submit\" class=\"link\">Sign out</button></form>");
    } else {
      b.append("<a href=\"/user/login\">Sign in</a>");
    }
    b.append("</div>\n</header>\n<main>\n").append(mainHtml).append("\n</main>\n</body>\n</html>\n");
    return b.toString();
  }

  /** Where the layout's style sheet is served. */
  public static final String CSS_PATH = "/assets/host.css";

  /** The layout's style sheet. */
  public static String css() {
    return CSS;
  }

  private static final String CSS = """
      :root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0969da;--panel:#f6f8fa;
      --open:#1a7f37;--closed:#cf222e;--merged:#8250df}
      @media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;
      --accent:#4493f8;--panel:#151b23;--open:#3fb950;--closed:#f85149;--merged:#ab7df8}}
      *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;
      background:var(--bg);color:var(--fg)}a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
      .bar{display:flex;align-items:center;gap:1rem;padding:.6rem 1.2rem;border-bottom:1px solid var(--line);
      background:var(--panel)}.bar nav{display:flex;gap:1rem;align-items:center;flex:1}.brand{font-weight:600;color:var(--fg)}
      .header-slot{display:flex;align-items:center;gap:.5rem}.who{display:flex;gap:.6rem;align-items:center}
      main{max-width:980px;margin:1.2rem auto;padding:0 1.2rem}h1{font-size:1.5rem;margin:.2rem 0 1rem}
      h2{font-size:1.15rem;margin:1.4rem 0 .6rem}.muted{color:var(--muted)}.inline{display:inline}
      button,input[type=submit]{font:inherit;padding:.35rem .9rem;border:1px solid var(--line);border-radius:6px;
      background:var(--panel);color:var(--fg);cursor:pointer}button.primary{background:var(--open);color:#fff;border-color:transparent}
      button.link{border:0;background:none;color:var(--accent);padding:0}
      input[type=text],input[type=password],textarea{font:inherit;width:100%;padding:.4rem .6rem;border:1px solid var(--line);
      border-radius:6px;background:var(--bg);color:var(--fg)}textarea{min-height:6rem}
      ul.list{list-style:none;padding:0;margin:0;border:1px solid var(--line);border-radius:6px}
      ul.list>li{padding:.55rem .8rem;border-top:1px solid var(--line)}ul.list>li:first-child{border-top:0}
      .sha{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
      .state{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff;font-size:.85em;font-weight:600}
      .state.open{background:var(--open)}.state.closed{background:var(--closed)}.state.merged{background:var(--merged)}
      .clone{font-family:ui-monospace,monospace;background:var(--panel);border:1px solid var(--line);border-radius:6px;
      padding:.4rem .6rem;display:block;overflow-x:auto}.tabs{display:flex;gap:1rem;margin:.4rem 0 1rem}
      .card{border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin:.6rem 0}
      .card header{color:var(--muted);font-size:.9em;margin-bottom:.3rem}.body{white-space:pre-wrap;word-wrap:break-word}
      .error{color:var(--closed)}form.stack>*{margin:.3rem 0}label{font-weight:600}
      ul.timeline{list-style:none;padding:0}
      .ci-state{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8em;font-weight:600;border:1px solid}
      .ci-state--success{color:var(--open)}.ci-state--pending{color:#9a6700}.ci-state--warning{color:#9a6700}
      .ci-state--failure,.ci-state--error{color:var(--closed)}.ci-statuses h2{margin-top:0}
      .ci-progress{vertical-align:middle;width:8rem}
      """;
}
