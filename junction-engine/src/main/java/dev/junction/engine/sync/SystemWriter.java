package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.net.UserAgent;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.deliver.SendResult;
import dev.junction.engine.net.BoundedAnswer;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.SyncStates;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One write of a sync to one system, as one attempt of its delivery: an update when the crosswalk has the system's id,
 * else a lookup by the match key (found: its id is recorded and the write becomes an update) and then a create whose
 * answer's id is recorded. A create is marked in the crosswalk before it is sent, so one whose answer never came
 * (timeout, dropped connection, 5xx, a process killed mid-request) stays marked as of unknown outcome, and the
 * lookup of the next attempt finds what it did. The last request's answer is the attempt's result, so the pipeline's retry classes apply (429 with
 * Retry-After, 5xx retried, other 4xx permanent).
 */
final class SystemWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A response body kept for the attempt record is cut here, as the HTTP sender cuts it. */
    private static final int EXCERPT = 256;

    private final Map<String, SyncSpec> syncs;
    private final SyncStates store;
    private final HttpClient http;
    private final Supplier<SyncMetrics> metrics;

    SystemWriter(Map<String, SyncSpec> syncs, SyncStates store, HttpClient http, Supplier<SyncMetrics> metrics) {
        this.syncs = syncs;
        this.store = store;
        this.http = http;
        this.metrics = metrics;
    }

    SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        try {
            SyncWrite write = SyncWrite.read(delivery.message().body());
            SyncSpec sync = syncs.get(write.sync());
            SyncSpec.SystemSpec system = sync == null ? null : sync.systems().get(write.system());
            if (system == null) throw new DeliveryRefused("sync", "no system '" + write.system() + "' in sync '" + write.sync() + "'", true);
            return new Attempt(sync, system, write, delivery, destination).run();
        } catch (DeliveryRefused e) {
            return SendResult.failure(e);
        } catch (IOException e) {
            return SendResult.failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failure(e);
        } catch (RuntimeException e) {
            return SendResult.failure(e);
        }
    }

    /** The requests of one attempt. */
    private final class Attempt {
        private final SyncSpec sync;
        private final SyncSpec.SystemSpec system;
        private SyncWrite write;
        private final ClaimedDelivery delivery;
        private final DestinationSpec destination;

        Attempt(SyncSpec sync, SyncSpec.SystemSpec system, SyncWrite write, ClaimedDelivery delivery, DestinationSpec destination) {
            this.sync = sync;
            this.system = system;
            this.write = write;
            this.delivery = delivery;
            this.destination = destination;
        }

        SendResult run() throws IOException, InterruptedException, DeliveryRefused {
            java.util.Optional<SyncStates.SyncRecordRow> row = store.syncRecord(sync.name(), write.key());
            // Every write is committed with its record: none means a reconciliation forgot it (a twin's leftover, ADR 0051).
            if (row.isEmpty()) return SendResult.acknowledged("nothing to write: Junction no longer keeps this record");
            SyncRecord record = row.map(r -> SyncRecordJson.read(r.state())).orElse(null);
            if (write.delete()) return delete(row.map(r -> r.links().get(system.name())).orElse(null), record);
            // Deleted everywhere since this write was planned: writing it would bring the record back.
            if (record != null && record.isDeleted()) return SendResult.acknowledged("nothing to write: the record was deleted");
            // A field held for review since this write was planned is left as the system has it until a person decides.
            java.util.Set<String> held = record == null ? java.util.Set.of() : record.held();
            if (!held.isEmpty()) {
                write = write.without(held);
                if (write.fields().isEmpty()) return SendResult.acknowledged("nothing to write: held for review");
            }
            SyncStates.SyncLink link = row.map(r -> r.links().get(system.name())).orElse(null);
            if (link == null || link.systemId() == null) return lookUpOrCreate();
            HttpResponse<byte[]> updated = updateRequest(link.systemId());
            if (updated.statusCode() != 404) return result(updated);
            if (sync.deletes() == SyncSpec.Deletes.PROPAGATE) {
                // Most likely its user deleted it there, and that delete is on its way through the sync: created again,
                // the record would outlive the delete. Retried: once the delete is heard (its webhook, or a
                // reconciliation), the record is a tombstone and this write has nothing left to do.
                throw new DeliveryRefused("record-gone", system.name() + " answered 404 for record " + link.systemId()
                        + ": deleted there? Under deletes: propagate it is not created again; retried until the delete is heard", false);
            }
            // The system no longer has the record (deleted there, where no webhook tells): its id is forgotten and the
            // record, with every agreed field, is looked up and created there again, as a reconciliation would. Held back
            // as a dead letter, this write would hold every later write of the record, the reconciliation's too.
            store.unlinkSyncRecord(sync.name(), write.key(), system.name(), link.systemId());
            write = write.withAll(record, sync.fields());
            return lookUpOrCreate();
        }

        private SendResult lookUpOrCreate() throws IOException, InterruptedException, DeliveryRefused {
            // Looked up before every create, not only a retried one: the system may have the record already (made by its
            // own user, or by a create whose answer was lost), and one GET is cheaper than a duplicate.
            Found found = lookUp();
            if (found.failed() != null) return result(found.failed());
            if (found.id() != null) {
                link(found.id());
                return update(found.id());
            }
            // Deleted while this write was on its way (the step commits apart from the sender): no create of a deleted record.
            if (store.syncRecord(sync.name(), write.key()).map(r -> SyncRecordJson.read(r.state()).isDeleted()).orElse(false)) {
                return SendResult.acknowledged("nothing to write: the record was deleted");
            }
            if (!store.markSyncCreate(sync.name(), write.key(), system.name())) {
                // Linked meanwhile (the system's own change webhook told its id): an update.
                return run();
            }
            HttpResponse<byte[]> created = counted("create", system.create().method(), system.create().path(), write.requestBody());
            if (created.statusCode() / 100 == 2) {
                String id = ChangeReader.text(JSON.readTree(created.body()).at(system.create().id()));
                if (id == null) throw new DeliveryRefused("sync", "the create's answer has no id at '" + system.create().id() + "'", true);
                store.linkSyncRecord(sync.name(), write.key(), system.name(), id);
            }
            return result(created);
        }

        /**
         * Deletes the record there: the id the delete was planned for (whatever the key has become since, unless a live
         * record has taken that id back), else, while the record is still deleted, the one a lookup by the match key finds
         * (a record the system has without Junction knowing its id: made by its user, or by a create whose answer was
         * lost). Gone already (404, 410, or no record found) is done.
         */
        private SendResult delete(SyncStates.SyncLink link, SyncRecord record) throws IOException, InterruptedException, DeliveryRefused {
            if (system.delete() == null) throw new DeliveryRefused("sync", "system '" + system.name() + "' has no delete request", true);
            boolean live = record != null && !record.isDeleted();
            String id = write.target();
            if (id != null && live && link != null && id.equals(link.systemId())) {
                return SendResult.acknowledged("nothing to delete: " + id + " is the record's again");
            }
            if (id == null) {
                if (live || record == null) return SendResult.acknowledged("nothing to delete: the record was created again");
                id = link == null ? null : link.systemId();
            }
            if (id == null) {
                Found found = lookUp();
                if (found.failed() != null) return result(found.failed());
                id = found.id();
                if (id == null) return SendResult.acknowledged("nothing to delete: no record in " + system.name());
                // Its id, so the system's own delete webhook is known as the echo of this one.
                link(id);
            }
            HttpResponse<byte[]> gone = counted("delete", system.delete().method(), system.delete().path().replace("{id}", encode(id)), null);
            if (gone.statusCode() == 404 || gone.statusCode() == 410) return SendResult.acknowledged("deleted already (" + gone.statusCode() + ")");
            return result(gone);
        }

        /**
         * Records the id a lookup found for this record, unless another record has it already: then one person is two
         * records in Junction (keys typed differently before either was linked), and writing this one's values over the
         * other's copy would make them fight. Refused for good, naming the system's id and never a key or value.
         */
        private void link(String id) throws DeliveryRefused {
            java.util.Optional<String> owner = store.syncKeyOf(sync.name(), system.name(), id);
            if (owner.isPresent() && !owner.get().equals(write.key())) {
                throw new DeliveryRefused("sync", system.name() + "'s record " + id + ", which a lookup by this record's match key found, is"
                        + " linked to another record already: one record there for two in Junction, so neither is written over the other."
                        + " Merge the two in the systems that hold both, then reconcile", true);
            }
            store.linkSyncRecord(sync.name(), write.key(), system.name(), id);
        }

        /** The system's record with this match key: its id (null: none), or the lookup's answer when it failed. */
        private Found lookUp() throws IOException, InterruptedException {
            HttpResponse<byte[]> found = request("GET", system.lookup().path().replace("{match}", encode(RouteSpec.Ordering.withoutSpacesAround(write.key()))), null);
            if (found.statusCode() / 100 != 2) {
                count("lookup", SyncMetrics.statusClass(found.statusCode()));
                return new Found(null, found);
            }
            String id = findId(found.body());
            count("lookup", id == null ? "not_found" : "found");
            return new Found(id, null);
        }

        private SendResult update(String id) throws IOException, InterruptedException {
            return result(updateRequest(id));
        }

        private HttpResponse<byte[]> updateRequest(String id) throws IOException, InterruptedException {
            return counted("update", system.update().method(), system.update().path().replace("{id}", encode(id)), write.requestBody());
        }

        /**
         * The id of the record among the lookup's results whose match key is this record's; else of the one result whose
         * key differs only in case or spaces around it (systems look emails up ignoring case, and a record their user
         * typed as {@code Ann@Example.com } is this one: created again, it would be a duplicate); null when none is.
         */
        private String findId(byte[] body) throws IOException {
            JsonNode results = JSON.readTree(body).at(system.lookup().results());
            String ignoringCase = null;
            int ignoringCaseCount = 0;
            for (JsonNode record : results) {
                String key = ChangeReader.text(record.at(sync.match()));
                if (write.key().equals(key)) return ChangeReader.text(record.at(system.id()));
                if (key != null && RouteSpec.Ordering.foldCase(write.key()).equals(RouteSpec.Ordering.foldCase(key))) {
                    ignoringCase = ChangeReader.text(record.at(system.id()));
                    ignoringCaseCount++;
                }
            }
            return ignoringCaseCount == 1 ? ignoringCase : null;
        }

        private HttpResponse<byte[]> counted(String kind, String method, String path, byte[] body) throws IOException, InterruptedException {
            try {
                HttpResponse<byte[]> response = request(method, path, body);
                count(kind, SyncMetrics.statusClass(response.statusCode()));
                return response;
            } catch (IOException e) {
                count(kind, "error");
                throw e;
            }
        }

        private HttpResponse<byte[]> request(String method, String path, byte[] body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stripSlash(destination.url().toString()) + path))
                    .timeout(destination.timeout()).header("Accept", "application/json").header(UserAgent.HEADER, UserAgent.JUNCTION)
                    // The delivery's id: an API that honours idempotency keys dedupes a retried create itself.
                    .header("Idempotency-Key", delivery.id() + "-" + method);
            destination.headers().forEach(b::setHeader); // configured headers replace the defaults of the same name
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            return BoundedAnswer.receive(http, b.build(), destination.timeout(), BoundedAnswer.MAX_BYTES);
        }

        private void count(String kind, String outcome) {
            metrics.get().write(sync.name(), system.name(), kind, outcome);
        }
    }

    /** What a lookup by the match key found: the record's id (null: none), or its answer when it failed. */
    private record Found(String id, HttpResponse<byte[]> failed) {}

    private static SendResult result(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        String excerpt = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8);
        return SendResult.response(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), excerpt);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
