package dev.junction.core.explain;

import dev.junction.core.config.RouteSpec;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An integration's flow as a standalone SVG, for pages that do not render Mermaid: columns of boxes, left to
 * right (where events come from, the log, where they go, then dead letters and alerts for a destination), each
 * box linked to every box of the next column. Written with the JDK's StAX writer, which escapes the labels.
 */
public final class DiagramSvg {

    private static final int BOX_W = 200, BOX_H = 46, GAP_X = 70, GAP_Y = 18, MARGIN = 16;

    /** A box: its name and a line saying what it is. */
    public record Box(String title, String detail) {}

    private DiagramSvg() {}

    /** The columns of {@code integration}'s flow. */
    public static List<List<Box>> columns(Integration integration, Blueprint blueprint) {
        Set<String> from = new LinkedHashSet<>();
        Set<String> to = new LinkedHashSet<>();
        for (RouteSpec r : blueprint.routes()) {
            switch (integration) {
                case Integration.Destination d -> { if (r.to().contains(d.name())) { from.add(r.from()); to.add(d.name()); } }
                case Integration.Outbound o -> { }
                default -> { if (r.from().equals(integration.name())) { from.add(r.from()); to.addAll(r.to()); } }
            }
        }
        List<List<Box>> columns = new ArrayList<>();
        if (integration instanceof Integration.Outbound) {
            columns.add(List.of(new Box("applications", "POST /api/v1/apps/{app}/messages")));
            columns.add(List.of(new Box("Junction log", "durable, deduplicated")));
            columns.add(List.of(new Box("their endpoints", "signed, SSRF-checked")));
            return columns;
        }
        if (from.isEmpty() && !(integration instanceof Integration.Destination)) from.add(integration.name());
        if (integration instanceof Integration.Destination) to.add(integration.name());
        if (!from.isEmpty()) columns.add(from.stream().map(n -> box(n, blueprint, true)).toList());
        columns.add(List.of(new Box("Junction log", "durable, deduplicated")));
        if (!to.isEmpty()) columns.add(to.stream().map(n -> box(n, blueprint, false)).toList());
        if (integration instanceof Integration.Destination) {
            columns.add(List.of(new Box("dead letters", "review and replay")));
            columns.add(List.of(new Box("alerts", blueprint.alerts() == null ? "log only: none configured" : blueprint.alertsTarget())));
        }
        return columns;
    }

    private static Box box(String name, Blueprint blueprint, boolean source) {
        String label = Diagram.label(name, blueprint, source);
        int br = label.indexOf("<br/>");
        return new Box(name, label.substring(br + "<br/>".length()).replace("#quot;", "\""));
    }

    public static String of(Integration integration, Blueprint blueprint) {
        List<List<Box>> columns = columns(integration, blueprint);
        int rows = columns.stream().mapToInt(List::size).max().orElse(1);
        int width = MARGIN * 2 + columns.size() * BOX_W + (columns.size() - 1) * GAP_X;
        int height = MARGIN * 2 + rows * BOX_H + (rows - 1) * GAP_Y;
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter svg = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            svg.writeStartElement("svg");
            svg.writeDefaultNamespace("http://www.w3.org/2000/svg");
            svg.writeAttribute("width", String.valueOf(width));
            svg.writeAttribute("height", String.valueOf(height));
            svg.writeAttribute("viewBox", "0 0 " + width + " " + height);
            svg.writeAttribute("font-family", "sans-serif");
            svg.writeAttribute("font-size", "12");
            svg.writeStartElement("title");
            svg.writeCharacters(integration.name() + " (" + integration.kind() + ")");
            svg.writeEndElement();
            arrowHead(svg);
            for (int c = 0; c + 1 < columns.size(); c++) {
                for (int a = 0; a < columns.get(c).size(); a++) {
                    for (int b = 0; b < columns.get(c + 1).size(); b++) {
                        line(svg, x(c) + BOX_W, y(a, columns.get(c).size(), rows) + BOX_H / 2,
                                x(c + 1), y(b, columns.get(c + 1).size(), rows) + BOX_H / 2);
                    }
                }
            }
            for (int c = 0; c < columns.size(); c++) {
                for (int r = 0; r < columns.get(c).size(); r++) box(svg, columns.get(c).get(r), x(c), y(r, columns.get(c).size(), rows));
            }
            svg.writeEndElement();
            svg.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return text + "\n";
    }

    private static int x(int column) {
        return MARGIN + column * (BOX_W + GAP_X);
    }

    /** Row {@code r} of a column of {@code n} boxes, centred against the tallest column's {@code rows}. */
    private static int y(int r, int n, int rows) {
        int offset = (rows - n) * (BOX_H + GAP_Y) / 2;
        return MARGIN + offset + r * (BOX_H + GAP_Y);
    }

    private static void arrowHead(XMLStreamWriter svg) throws XMLStreamException {
        svg.writeStartElement("defs");
        svg.writeStartElement("marker");
        svg.writeAttribute("id", "arrow");
        svg.writeAttribute("viewBox", "0 0 10 10");
        svg.writeAttribute("refX", "10");
        svg.writeAttribute("refY", "5");
        svg.writeAttribute("markerWidth", "8");
        svg.writeAttribute("markerHeight", "8");
        svg.writeAttribute("orient", "auto");
        svg.writeEmptyElement("path");
        svg.writeAttribute("d", "M 0 0 L 10 5 L 0 10 z");
        svg.writeAttribute("fill", "#555");
        svg.writeEndElement();
        svg.writeEndElement();
    }

    private static void line(XMLStreamWriter svg, int x1, int y1, int x2, int y2) throws XMLStreamException {
        svg.writeEmptyElement("line");
        svg.writeAttribute("x1", String.valueOf(x1));
        svg.writeAttribute("y1", String.valueOf(y1));
        svg.writeAttribute("x2", String.valueOf(x2));
        svg.writeAttribute("y2", String.valueOf(y2));
        svg.writeAttribute("stroke", "#555");
        svg.writeAttribute("marker-end", "url(#arrow)");
    }

    private static void box(XMLStreamWriter svg, Box box, int x, int y) throws XMLStreamException {
        svg.writeEmptyElement("rect");
        svg.writeAttribute("x", String.valueOf(x));
        svg.writeAttribute("y", String.valueOf(y));
        svg.writeAttribute("width", String.valueOf(BOX_W));
        svg.writeAttribute("height", String.valueOf(BOX_H));
        svg.writeAttribute("rx", "6");
        svg.writeAttribute("fill", "#f4f6fa");
        svg.writeAttribute("stroke", "#333");
        text(svg, x + BOX_W / 2, y + 19, box.title(), "bold");
        text(svg, x + BOX_W / 2, y + 36, box.detail(), "normal");
    }

    private static void text(XMLStreamWriter svg, int x, int y, String content, String weight) throws XMLStreamException {
        svg.writeStartElement("text");
        svg.writeAttribute("x", String.valueOf(x));
        svg.writeAttribute("y", String.valueOf(y));
        svg.writeAttribute("text-anchor", "middle");
        svg.writeAttribute("font-weight", weight);
        svg.writeCharacters(content);
        svg.writeEndElement();
    }
}
