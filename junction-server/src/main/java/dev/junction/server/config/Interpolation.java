package dev.junction.server.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Environment interpolation inside one scalar value: {@code ${NAME}}, {@code ${NAME:-default}} (default
 * used when NAME is unset or empty) and <code>$${</code> for a literal <code>${</code>. Any other {@code $} is literal.
 *
 * <p>It runs on already-parsed values, never on the YAML text, so a variable's content can never change
 * the document's structure (a secret containing {@code "\n  url: ..."} stays one string).
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SYNTAX_HINT = "use ${NAME} or ${NAME:-default}; write $${ for a literal ${";

    /** Why a value could not be interpolated; the message names no value, only a variable name at most. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private Interpolation() {}

    /**
     * @param sensitive true when the value is a secret: then even a malformed reference is not echoed,
     *                  since it may be the secret itself with a stray <code>${</code>
     */
    static String apply(String text, Map<String, String> env, boolean sensitive) throws Problem {
        if (text.indexOf('$') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) throw new Problem("unterminated ${ (" + SYNTAX_HINT + ")");
                out.append(resolve(text.substring(i + 2, end), env, sensitive));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String resolve(String reference, Map<String, String> env, boolean sensitive) throws Problem {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            String shown = sensitive ? "" : " ${" + reference + "}";
            throw new Problem("invalid environment reference" + shown + " (" + SYNTAX_HINT + ")");
        }
        String value = env.get(name);
        if (sep >= 0) return value == null || value.isEmpty() ? reference.substring(sep + 2) : value;
        if (value == null) throw new Problem("environment variable " + name + " is not set");
        return value;
    }
}
