package dev.junction.engine.ical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON of feed and unit states (stored between polls) and of event payloads: ISO dates, no nulls. */
public final class IcalJson {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private IcalJson() {}

    public static byte[] payload(IcalEvent event) {
        return write(event);
    }

    public static byte[] write(Object state) {
        try {
            return JSON.writeValueAsString(state).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + state.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A stored message's body read back as the event it was, by its type. */
    public static IcalEvent event(String type, byte[] json) {
        Class<? extends IcalEvent> of = switch (type) {
            case IcalEvent.BOOKING_CREATED -> IcalEvent.BookingCreated.class;
            case IcalEvent.BOOKING_CHANGED -> IcalEvent.BookingChanged.class;
            case IcalEvent.BOOKING_CANCELLED -> IcalEvent.BookingCancelled.class;
            case IcalEvent.BOOKING_CONFLICT -> IcalEvent.BookingConflict.class;
            case IcalEvent.FEED_SUSPECT -> IcalEvent.FeedSuspect.class;
            case IcalEvent.FEED_STALE -> IcalEvent.FeedStale.class;
            default -> throw new IllegalArgumentException("not an iCal event type: " + type);
        };
        return read(json, of);
    }

    public static FeedState feedState(byte[] json) {
        return read(json, FeedState.class);
    }

    public static UnitState unitState(byte[] json) {
        return read(json, UnitState.class);
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored iCal " + type.getSimpleName() + " is not readable: " + e.getMessage(), e);
        }
    }
}
