package dev.junction.server.check;

import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Status;
import dev.junction.server.config.WrittenConfig;
import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * For CI test reports (JUnit XML, as Surefire writes it): one test case per finding, a failure for each
 * {@code fail}; a {@code warn} passes, with its text in {@code system-out} so the report still shows it.
 * Written with the JDK's StAX writer, which escapes what the details contain.
 */
final class JunitReport implements CheckFormat.Report {

    @Override
    public String render(List<Finding> findings, WrittenConfig config) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "junction check " + config.file());
            xml.writeAttribute("tests", String.valueOf(findings.size()));
            xml.writeAttribute("failures", String.valueOf(TextReport.count(findings, Status.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            for (Finding f : findings) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "junction.check." + f.rule().area().label() + "." + f.rule().id());
                xml.writeAttribute("name", (f.integration().isEmpty() ? "gateway" : f.integration()) + ": " + f.path());
                xml.writeAttribute("file", config.file());
                xml.writeAttribute("line", String.valueOf(config.locate(f.path()).line()));
                String body = config.locate(f.path()) + ": " + f.detail() + "\nwhy: " + f.rule().why() + "\nfix: " + f.rule().fix();
                if (f.status() == Status.FAIL) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", f.detail());
                    xml.writeAttribute("type", f.rule().id());
                    xml.writeCharacters(body);
                    xml.writeEndElement();
                } else if (f.status() == Status.WARN) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters("WARN " + body);
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return text + "\n";
    }
}
