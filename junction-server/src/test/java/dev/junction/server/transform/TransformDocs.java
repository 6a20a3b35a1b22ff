package dev.junction.server.transform;

import dev.junction.server.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The code blocks of docs/transforms.md, by their info string ({@code json event}, {@code jsonata}, {@code yaml}, ...). */
final class TransformDocs {

    private static final Pattern BLOCK = Pattern.compile("(?s)```([a-z]+(?: [a-z]+)?)\\n(.*?)```");

    private final String page;

    TransformDocs() {
        try {
            page = Files.readString(RepoFiles.find("docs/transforms.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only block whose info string is {@code info}. */
    String block(String info) {
        Matcher m = BLOCK.matcher(page);
        String found = null;
        while (m.find()) {
            if (!m.group(1).equals(info)) continue;
            if (found != null) throw new AssertionError("docs/transforms.md has more than one ```" + info + " block");
            found = m.group(2);
        }
        if (found == null) throw new AssertionError("docs/transforms.md has no ```" + info + " block");
        return found;
    }

    String page() {
        return page;
    }
}
