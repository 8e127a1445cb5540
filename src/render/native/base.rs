//! `base.html`: the head, the site's header with its navigation and search
//! form, the footer.

use super::{at, truthy, Html, View};

/// Writes a whole page around `content`, which gets `root`.
pub fn page(html: &mut Html, context: View<'_>, content: impl FnOnce(&mut Html, View<'_>)) {
    let name = at(context.at("page"), "name");
    let page_name = name.as_str().unwrap_or_default();
    let section = match page_name {
        "item" => "backlog",
        "decision" => "decisions",
        "session" => "sessions",
        "tag" => "tags",
        "person" => "people",
        other => other,
    };
    let site = at(context, "site");
    let description = at(site, "description");
    let root = at(context, "root");
    let generator = at(context, "generator");
    html.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html.value(at(context.at("page"), "title"));
    html.raw(" · ");
    html.value(at(site, "title"));
    html.raw("</title>");
    if truthy(description) {
        html.raw("\n<meta name=\"description\" content=\"");
        html.value(description);
        html.raw("\">");
    }
    html.raw("\n<meta name=\"generator\" content=\"");
    html.value(generator);
    html.raw("\">\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"");
    html.value(root);
    html.raw("style.css\">\n<script src=\"");
    html.value(root);
    html.raw("shoshin.js\" defer></script>\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Decisions\" href=\"");
    html.value(root);
    html.raw("feed.xml\">\n</head>\n<body class=\"page-");
    html.value(name);
    html.raw("\">\n<a class=\"skip\" href=\"#content\">Skip to content</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    <a class=\"site-title\" href=\"");
    html.value(root);
    html.raw("index.html\">");
    html.value(at(site, "title"));
    html.raw("</a>\n    <nav aria-label=\"Main\">\n      <ul>");
    // The `menu` of every page: only the sections the site has.
    for entry in super::list(at(context, "menu")) {
        let page = at(entry, "name");
        html.raw("\n        <li><a href=\"");
        html.value(root);
        html.value(at(entry, "url"));
        html.raw("\"");
        if page.as_str() == Some(page_name) {
            html.raw(" aria-current=\"page\"");
        } else if truthy(at(entry, "sectioned")) && page.as_str() == Some(section) {
            html.raw(" aria-current=\"true\"");
        }
        html.raw(">");
        html.value(at(entry, "label"));
        html.raw("</a></li>");
    }
    html.raw("\n      </ul>\n    </nav>");
    if page_name != "search" {
        search_form(html, root);
    }
    html.raw("\n  </div>\n</header>\n<main id=\"content\" class=\"wrap\" tabindex=\"-1\">\n");
    content(html, root);
    html.raw("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>");
    if truthy(description) {
        html.value(description);
        html.raw(" · ");
    }
    html.raw("Built by ");
    html.value(generator);
    html.raw("</p>\n  </div>\n</footer>\n</body>\n</html>\n");
}

/// The search form of the header.
fn search_form(html: &mut Html, root: View<'_>) {
    html.raw("\n    <form class=\"site-search\" role=\"search\" action=\"");
    html.value(root);
    html.raw("search/index.html\" method=\"get\" data-search-form data-root=\"");
    html.value(root);
    html.raw("\">\n      <label class=\"visually-hidden\" for=\"site-search-q\">Search records</label>\n      <input id=\"site-search-q\" name=\"q\" type=\"search\" placeholder=\"Search\" autocomplete=\"off\" data-search-input>\n      <button type=\"submit\">Search</button>\n      <ol class=\"search-results search-popup\" data-search-results hidden></ol>\n    </form>");
}
