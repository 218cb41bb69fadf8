package dev.ferry.mail.protocol;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** text/html made readable as plain text: paragraphs and line breaks kept, links shown with their target. */
public final class HtmlText {

    private HtmlText() {
    }

    public static String toText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head").remove();
        StringBuilder out = new StringBuilder();
        walk(doc.body() == null ? doc : doc.body(), out);
        return out.toString().replaceAll("[ \\t\\x0B\\f]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void walk(Node node, StringBuilder out) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                String text = t.text();
                if (!text.isBlank() || (out.length() > 0 && out.charAt(out.length() - 1) != '\n')) {
                    out.append(text.replaceAll("\\s+", " "));
                }
            } else if (child instanceof Element e) {
                String tag = e.normalName();
                boolean block = e.isBlock() || tag.equals("br");
                if (tag.equals("br")) {
                    out.append('\n');
                    continue;
                }
                if (block) {
                    newline(out);
                }
                if (tag.equals("li")) {
                    out.append("- ");
                }
                walk(e, out);
                if (tag.equals("a") && e.hasAttr("href") && !e.attr("href").equals(e.text())
                        && !e.attr("href").startsWith("mailto:") && !e.attr("href").startsWith("#")) {
                    out.append(" <").append(e.attr("href")).append('>');
                }
                if (block) {
                    newline(out);
                    if (tag.equals("p") || tag.matches("h[1-6]")) {
                        out.append('\n');
                    }
                }
            }
        }
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
