package dev.junction.server.http;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown as HTML for the dashboard, with commonmark-java (a maintained CommonMark implementation, with GitHub's
 * tables): rendered on the server so the dashboard needs no Markdown library of its own. The text comes partly from
 * the config (names, event types, hosts), so raw HTML in it is escaped, never passed through, and link targets are
 * sanitized; the dashboard then keeps only plain elements of what it gets (ADR 0031).
 */
final class MarkdownHtml {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build();

    private MarkdownHtml() {}

    static String render(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }
}
