package dev.junction.core.explain;

/**
 * One item of the production checklist, as data: what it asks, why it matters, how to fix a config that fails it.
 *
 * @param id    a stable kebab-case name (reports, SARIF rule ids, JUnit test names)
 * @param title what the item asks, as a short sentence
 * @param why   why it matters, in plain words
 * @param fix   what to change in the config
 */
public record Rule(String id, Area area, String title, String why, String fix) {

    /** This rule passed on {@code integration}; {@code path} is the config key it looked at. */
    public Finding pass(String integration, String path, String detail) {
        return new Finding(this, Status.PASS, integration, path, detail);
    }

    public Finding warn(String integration, String path, String detail) {
        return new Finding(this, Status.WARN, integration, path, detail);
    }

    public Finding fail(String integration, String path, String detail) {
        return new Finding(this, Status.FAIL, integration, path, detail);
    }
}
