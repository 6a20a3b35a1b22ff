package dev.junction.server.demo.crm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A simulated CRM for tests and demos of two-way sync: an HTTP server on 127.0.0.1 (an ephemeral port unless set) with
 * a contacts REST API, Standard Webhooks signed change webhooks, and the bad habits of real CRM APIs.
 *
 * <p>REST (see {@code docs/crm-simulator.md}): {@code POST /contacts} (201, never deduplicated),
 * {@code PATCH /contacts/{id}} (200, 404), {@code GET /contacts/{id}} (200, 404), {@code GET /contacts?email=x}
 * ({@code {"results":[...]}}) and {@code GET /contacts?limit=N&cursor=C} ({@code {"results":[...],
 * "next_cursor":...}}). With a token set, every request needs {@code Authorization: Bearer <token>}.
 *
 * <p>Every change, by API or by the simulated user ({@link #create}, {@link #edit}), is sent to the webhook
 * URL as {@code {"type":"contact.created"|"contact.updated","id":"evt_...","data":{record}}}, so a sync
 * sees its own writes come back as echoes, as it does with real CRMs. {@link #habits()} switches the bad
 * habits on. Start one per simulated system with {@link #builder()}; close it when done.
 */
public final class CrmSimulator implements AutoCloseable {

    private final String name;
    private final ContactStore store;
    private final ChangeWebhooks webhooks;
    private final Habits habits;
    private final CrmApi api;
    private final Javalin app;
    private final String webhookSecretValue;
    private final CountDownLatch closing = new CountDownLatch(1);

    CrmSimulator(CrmSimulatorBuilder b) {
        this.name = b.name;
        this.webhookSecretValue = b.webhookSecret != null ? b.webhookSecret : secretFrom(b.seed, b.name);
        this.webhooks = new ChangeWebhooks(b.name, webhookSecretValue, b.clock, b.webhookRetryDelays, b.webhookTimeout, this::outage,
                b.webhookSenders);
        webhooks.url(b.webhookUrl);
        this.store = new ContactStore(b.idStyle, b.clock, webhooks::announce);
        this.habits = new Habits(b.clock, b.seed, webhooks::release);
        this.api = new CrmApi(store, habits, this::pause, b.token);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = b.port;
            config.startup.showJavalinBanner = false;
            api.register(config);
        });
        app.start();
    }

    /** A builder for a simulator named {@code crm}, ids {@link IdStyle#PREFIXED}, no token, no webhook URL, seed 0. */
    public static CrmSimulatorBuilder builder() {
        return new CrmSimulatorBuilder();
    }

    /** This system's name, as given to the builder; it is part of every webhook id. */
    public String name() {
        return name;
    }

    /** Where the API listens, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The habits, to switch on and off while the simulator runs. */
    public Habits habits() {
        return habits;
    }

    /** The {@code whsec_...} secret webhooks are signed with: give it to the receiver's {@code standard-webhooks} verify. */
    public String webhookSecret() {
        return webhookSecretValue;
    }

    /** Where change webhooks go from now on; null stops announcing changes (those made meanwhile, and those not yet sent, are never sent). */
    public CrmSimulator webhookUrl(String url) {
        webhooks.url(url);
        return this;
    }

    /**
     * A contact created by the CRM's own user: stored with a new id and {@code updated_at}, and announced.
     *
     * @param fields the contact's fields, without {@code id} or {@code updated_at}
     * @return the stored record
     * @throws IllegalArgumentException when fields holds id, updated_at or a value that is not a scalar
     */
    public ObjectNode create(Map<String, String> fields) {
        return store.create(Contacts.of(fields));
    }

    /** As {@link #create(Map)}, from a JSON object. */
    public ObjectNode create(ObjectNode fields) {
        return store.create(fields);
    }

    /**
     * A local user's edit of one field: bumps {@code updated_at} and announces the change.
     *
     * @param value the new value; null writes JSON null
     * @return the record after the edit
     * @throws IllegalArgumentException when there is no contact {@code id}, or the field is read-only
     */
    public ObjectNode edit(String id, String field, String value) {
        Map<String, String> change = new java.util.HashMap<>();
        change.put(field, value);
        return edit(id, change);
    }

    /**
     * A local user's edit of several fields at once: one change, one {@code updated_at}, one webhook.
     *
     * @throws IllegalArgumentException as {@link #edit(String, String, String)}
     */
    public ObjectNode edit(String id, Map<String, String> fields) {
        return store.update(id, Contacts.of(fields)).orElseThrow(() -> new IllegalArgumentException("no contact with id '" + id + "'"));
    }

    /** A local user's delete of a record, which no webhook announces: only a reconciliation finds it gone. False when there was none. */
    public boolean delete(String id) {
        return store.delete(id);
    }

    /** A local user's delete of a record, announced as {@code contact.deleted} (as {@code DELETE /contacts/{id}} is). False when there was none. */
    public boolean deleteAnnounced(String id) {
        return store.deleteAnnounced(id);
    }

    /** The record with this id, as stored now; empty when there is none. */
    public Optional<ObjectNode> get(String id) {
        return store.get(id);
    }

    /** Every record, in creation order. */
    public List<ObjectNode> all() {
        return store.all();
    }

    /** Records whose email equals {@code email}, ignoring case, in creation order. */
    public List<ObjectNode> findByEmail(String email) {
        return store.findByEmail(email);
    }

    /** Surplus records by email: {@code n} records sharing one email count {@code n - 1}. 0 means no duplicates. */
    public int duplicates() {
        return store.duplicates();
    }

    /** How many of {@code what} this simulator has seen or given (see {@link Counted}). */
    public long count(Counted what) {
        return api.count(what);
    }

    /** Webhooks answered 2xx by the receiver. */
    public long webhooksDelivered() {
        return webhooks.delivered();
    }

    /** Webhook sends that failed (non-2xx, timeout, refused connection); each is retried while retries remain. */
    public long webhookFailures() {
        return webhooks.failedAttempts();
    }

    /** Webhooks dropped after their last retry failed. */
    public long webhooksGivenUp() {
        return webhooks.givenUp();
    }

    /** Webhooks announced but neither delivered nor given up yet (queued, waiting to retry, or held by an outage). */
    public long webhooksPending() {
        return webhooks.pending();
    }

    /** Webhooks held back by the outage now going on; they are sent when it ends. */
    public long webhooksHeld() {
        return webhooks.held();
    }

    private boolean outage() {
        return habits.outage();
    }

    private void pause(Duration d) {
        try {
            closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server (answers held by habits are cut short) and the webhook sender; webhooks not yet delivered are dropped. */
    @Override
    public void close() {
        closing.countDown();
        app.stop();
        webhooks.close();
    }

    /** A {@code whsec_} secret made from the seed and name, so a run is repeatable and systems differ. */
    private static String secretFrom(long seed, String name) {
        byte[] key = new byte[24];
        new Random(seed * 31 + name.hashCode()).nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
