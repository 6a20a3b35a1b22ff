package dev.junction.engine.synthetic;

import dev.junction.core.verify.Canary;

/** Where a canary goes in: its source's own webhook door, as a provider's request would. */
@FunctionalInterface
public interface Door {

    /** Sends {@code canary} to {@code source}'s door and says how the door answered. */
    Answer knock(String source, Canary canary);

    /**
     * @param status    the HTTP status, or 0 when no answer came
     * @param messageId the message the door stored the canary as (its answer's {@code id}), or null
     * @param error     why no answer came (the exception's class), or null
     */
    record Answer(int status, String messageId, String error) {

        public boolean accepted() {
            return status >= 200 && status < 300 && messageId != null;
        }

        /** One sentence for the run's record: what the door said, never a body. */
        public String describe() {
            return status == 0 ? "the door did not answer (" + error + ")" : "the door answered " + status;
        }
    }
}
