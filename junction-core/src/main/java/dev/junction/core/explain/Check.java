package dev.junction.core.explain;

import java.util.List;
import java.util.stream.Stream;

/** The checks of one part of the checklist: their rules, and what each says of a blueprint. */
interface Check {

    List<Rule> rules();

    Stream<Finding> apply(Blueprint blueprint);
}
