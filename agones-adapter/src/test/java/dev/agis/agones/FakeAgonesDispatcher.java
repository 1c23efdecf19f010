package dev.agis.agones;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRUD mock server plus the one thing it lacks: Agones' allocator. A POST of a
 * GameServerAllocation picks the first Ready GameServer of the selected fleet, applies the
 * allocation's metadata, marks it Allocated (an ordinary update, so informers see MODIFIED) and
 * answers 201 with the allocation status — or 201 {@code UnAllocated} when none is Ready, or
 * {@code Contention} for the next {@link #contentions} requests. Runs inside the dispatcher, never
 * calling the client (that would deadlock the mock's event loop).
 */
class FakeAgonesDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern GSA = Pattern.compile("/apis/allocation\\.agones\\.dev/v1/namespaces/([^/]+)/gameserverallocations.*");
    private final ObjectMapper json = new ObjectMapper();
    final AtomicInteger contentions = new AtomicInteger();
    final AtomicInteger allocationRequests = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = GSA.matcher(request.getPath());
        if ("POST".equals(request.getMethod()) && m.matches()) {
            try {
                return allocate(m.group(1), (ObjectNode) json.readTree(request.getUtf8Body()));
            } catch (Exception e) {
                return new MockResponse().setResponseCode(500).setBody("{\"kind\":\"Status\",\"message\":\"" + e + "\"}");
            }
        }
        return super.dispatch(request);
    }

    private MockResponse allocate(String namespace, ObjectNode gsa) throws Exception {
        allocationRequests.incrementAndGet();
        ObjectNode status = gsa.putObject("status");
        if (contentions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status.put("state", "Contention");
            return created(gsa);
        }
        ObjectNode selector = (ObjectNode) gsa.path("spec").path("selectors").get(0);
        Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> label = selector.path("matchLabels").fields().next();
        String path = "/apis/agones.dev/v1/namespaces/" + namespace + "/gameservers";
        MockResponse list = handleGet(path + "?labelSelector="
                + URLEncoder.encode(label.getKey() + "=" + label.getValue().asText(), StandardCharsets.UTF_8));
        for (com.fasterxml.jackson.databind.JsonNode item : json.readTree(list.getBody().readUtf8()).path("items")) {
            if (!"Ready".equals(item.path("status").path("state").asText())) {
                continue;
            }
            ObjectNode gs = (ObjectNode) item;
            ObjectNode meta = (ObjectNode) gs.path("metadata");
            merge(meta.with("labels"), gsa.path("spec").path("metadata").path("labels"));
            merge(meta.with("annotations"), gsa.path("spec").path("metadata").path("annotations"));
            ((ObjectNode) gs.path("status")).put("state", "Allocated");
            String name = meta.path("name").asText();
            MockResponse updated = handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path + "/" + name,
                    Headers.builder().add("Content-Type", "application/json").build(),
                    new Buffer(json.writeValueAsBytes(gs))));
            if (updated.code() == 409) {
                status.put("state", "Contention");
                return created(gsa);
            }
            status.put("state", "Allocated");
            status.put("gameServerName", name);
            status.put("address", gs.path("status").path("address").asText());
            status.set("ports", gs.path("status").path("ports").deepCopy());
            status.put("source", "local");
            ((ObjectNode) gsa.path("metadata")).put("name", name);
            return created(gsa);
        }
        status.put("state", "UnAllocated");
        return created(gsa);
    }

    private MockResponse created(ObjectNode gsa) throws Exception {
        return new MockResponse().setResponseCode(201).setBody(json.writeValueAsString(gsa));
    }

    private static void merge(ObjectNode target, com.fasterxml.jackson.databind.JsonNode source) {
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
            target.set(e.getKey(), e.getValue());
        }
    }

}
