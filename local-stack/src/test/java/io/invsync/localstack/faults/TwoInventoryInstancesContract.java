package io.invsync.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.events.Keys;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import io.invsync.support.streams.OwnerPartitions;
import io.invsync.support.streams.StateStores;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of inventory-service on one broker (DESIGN §2, "State and scale"), whatever the broker: they
 * split the Streams tasks, either answers every key alike, the survivor of a SIGKILL takes everything over and
 * goes on processing, the killed one, started again on its state directory, takes its share back, and one stopped
 * cleanly resumes from its local state. The steps build on each other, in order. A subclass names the broker.
 * Reusable for any service: {@link ScaleOutStack}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoInventoryInstancesContract {

    /** Partitions of the stack's topics (invsync.topics.partitions). */
    private static final int PARTITIONS = 3;
    /**
     * One merchant per partition: every topic is partitioned by merchant (DESIGN §3), so merchants, not products,
     * are what the instances split. Product p belongs to {@code MERCHANTS.get(p % 3)}.
     */
    private static final List<String> MERCHANTS = merchantsOnEveryPartition();
    private static final int PRODUCTS = 40;
    private static final List<String> WAREHOUSES = List.of("EAST", "WEST");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ScaleOutStack stack;
    private Producer<String, byte[]> producer;
    private ServiceProcess first;
    private ServiceProcess second;
    /** Every Streams task of the topology: what one instance holds alone. */
    private long allTasks;
    /** The answers of step 2 (before the kill), by path. */
    private Map<String, JsonNode> answers;

    /** @return the bootstrap servers of a running broker */
    abstract String startBroker();

    abstract void stopBroker();

    /** A name for the stack's temp and log directories. */
    abstract String name();

    @BeforeAll
    void start() {
        String bootstrap = startBroker();
        stack = new ScaleOutStack(name(), bootstrap);
        first = stack.start(Service.INVENTORY); // it creates the topics
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", "true",
                        "partitioner.class", io.invsync.support.OwnerPartitioner.class),
                new StringSerializer(), new ByteArraySerializer());
        for (String merchant : MERCHANTS) {
            for (String warehouse : WAREHOUSES) {
                publish(Topics.WAREHOUSES, Keys.warehouse(merchant, warehouse),
                        new WarehouseObserved(merchant, warehouse, warehouse.toLowerCase(), T0));
            }
        }
        for (int p = 0; p < PRODUCTS; p++) {
            publishProduct(p);
            publishQuantities(p, 10 + p, T0);
        }
        producer.flush();
        await("the first instance holds every task and product").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(products(first, false)).hasSize(PRODUCTS);
            assertThat(gauge(first, "invsync_streams_tasks", "kind=\"active\"")).isPositive();
        });
        allTasks = (long) gauge(first, "invsync_streams_tasks", "kind=\"active\"");
        second = stack.start(Service.INVENTORY);
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
        stopBroker();
    }

    @Test
    @Order(1)
    void theTwoInstancesSplitTheTasksAndTheProducts() {
        awaitSplit();
        // each holds part of the products, and together all of them, each product once
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> here = products(first, true);
            List<String> there = products(second, true);
            assertThat(here).isNotEmpty().doesNotContainAnyElementsOf(there);
            assertThat(there).isNotEmpty();
            assertThat(here.size() + there.size()).isEqualTo(PRODUCTS);
        });
    }

    @Test
    @Order(2)
    void eitherInstanceGivesTheSameAnswerForEveryKey() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, JsonNode> fromFirst = everyAnswer(first);
            assertThat(everyAnswer(second)).isEqualTo(fromFirst);
            answers = fromFirst;
        });
        for (int p = 0; p < PRODUCTS; p++) {
            assertThat(answers.get(aliasPath(p, "SKU", sku(p))).get("productIds").toString()).isEqualTo("[\"" + id(p) + "\"]");
            assertThat(answers.get(aliasPath(p, "UPC", upc(p))).get("productIds").toString()).isEqualTo("[\"" + id(p) + "\"]");
        }
        assertThat(available(answers.get(listingPath(merchant(7))), 7)).isEqualTo(2 * (10 + 7));
        int listed = 0;
        int inEast = 0;
        for (String merchant : MERCHANTS) {
            listed += answers.get(listingPath(merchant)).get("products").size();
            inEast += answers.get("/api/merchants/" + merchant + "/warehouses/EAST/products?limit=1000").get("products")
                    .size();
            assertThat(answers.get(warehousesPath(merchant)).get("warehouses")).hasSize(WAREHOUSES.size());
        }
        assertThat(listed).isEqualTo(PRODUCTS);
        assertThat(inEast).isEqualTo(PRODUCTS);
    }

    @Test
    @Order(3)
    void theSurvivorOfAKillTakesOverEveryKeyAndInventoryPostedAfterTheKillStillFlows() {
        second.kill();

        await("the survivor holds every task").atMost(PATIENCE).untilAsserted(() ->
                assertThat(gauge(first, "invsync_streams_tasks", "kind=\"active\"")).isEqualTo(allTasks));
        await("the survivor answers every key as both did").atMost(PATIENCE).untilAsserted(() ->
                assertThat(everyAnswer(first)).isEqualTo(answers));

        Instant later = T0.plusSeconds(60);
        for (int p = 0; p < PRODUCTS; p++) {
            publishQuantities(p, 100 + p, later);
        }
        producer.flush();
        await("the changes posted after the kill").atMost(PATIENCE).untilAsserted(() -> assertPostedAfterTheKill(first));
    }

    /**
     * Under exactly-once, a store that was not closed cleanly may hold writes of an aborted transaction, so Kafka
     * Streams (4.1) wipes it and rebuilds it from its changelog: the killed instance reloads its share of the state,
     * never the whole of it nor the input topics.
     */
    @Test
    @Order(4)
    void theKilledInstanceRestartedOnItsStateDirTakesItsShareBackWithoutRereadingWholeTopics() {
        second.start(); // returns once healthy: its stores restored

        awaitSplit();
        await("both answer every key alike again").atMost(PATIENCE).untilAsserted(() -> {
            assertPostedAfterTheKill(second);
            assertThat(everyAnswer(second)).isEqualTo(everyAnswer(first));
        });
        String metrics = get(second.url() + "/actuator/prometheus").body();
        double loaded = sum(metrics, "invsync_streams_restored_records_total");
        double held = sum(metrics, "invsync_streams_store_records");
        double whole = held + sum(get(first.url() + "/actuator/prometheus").body(), "invsync_streams_store_records");
        System.out.printf("[scale-out] after a kill, the restarted instance loaded %.0f changelog records; it holds"
                + " about %.0f, both together about %.0f%n", loaded, held, whole);
        assertThat(held).as("records the restarted instance holds").isPositive();
        assertThat(loaded).as("changelog records loaded on the restart after the kill").isLessThan(whole);
    }

    /**
     * A clean stop (SIGTERM: a rolling restart) checkpoints the stores: the instance started again resumes from its
     * local state and loads only what was written to the changelogs meanwhile.
     */
    @Test
    @Order(5)
    void anInstanceStoppedCleanlyResumesFromItsLocalStateAndLoadsOnlyWhatChangedMeanwhile() {
        second.stop();
        Instant latest = T0.plusSeconds(120);
        for (int p = 0; p < 3; p++) {
            publishQuantities(p, 1000 + p, latest);
        }
        producer.flush();
        await("the survivor applies the changes").atMost(PATIENCE).untilAsserted(() -> assertThat(
                available(get(first, listingPath(merchant(2)), false), 2)).isEqualTo(2 * 1002));

        second.start();

        awaitSplit();
        await("both answer every key alike again").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(available(get(second, listingPath(merchant(2)), false), 2)).isEqualTo(2 * 1002);
            assertThat(everyAnswer(second)).isEqualTo(everyAnswer(first));
        });
        String metrics = get(second.url() + "/actuator/prometheus").body();
        double loaded = sum(metrics, "invsync_streams_restored_records_total");
        double held = sum(metrics, "invsync_streams_store_records");
        System.out.printf("[scale-out] after a clean stop, the restarted instance loaded %.0f changelog records; it"
                + " holds about %.0f%n", loaded, held);
        System.out.println(metrics.lines().filter(line -> line.startsWith("invsync_streams")).toList());
        assertThat(held).as("records the restarted instance holds").isPositive();
        assertThat(loaded).as("changelog records loaded on the restart after a clean stop").isLessThan(held / 2);
    }

    private void assertPostedAfterTheKill(ServiceProcess instance) {
        Map<String, JsonNode> listings = new LinkedHashMap<>();
        MERCHANTS.forEach(merchant -> listings.put(merchant, get(instance, listingPath(merchant), false)));
        for (int p = 0; p < PRODUCTS; p++) {
            assertThat(available(listings.get(merchant(p)), p)).as(id(p)).isEqualTo(2 * (100 + p));
        }
    }

    /** The total available of product p in a listing of its merchant's products; -1 when it is not listed. */
    private static long available(JsonNode listing, int p) {
        for (JsonNode product : listing.get("products")) {
            if (product.get("productId").asString().equals(id(p))) {
                return product.at("/total/available").asLong();
            }
        }
        return -1;
    }

    private void awaitSplit() {
        await("the tasks split between the instances").atMost(PATIENCE).untilAsserted(() -> {
            double here = gauge(first, "invsync_streams_tasks", "kind=\"active\"");
            double there = gauge(second, "invsync_streams_tasks", "kind=\"active\"");
            assertThat(here).isPositive();
            assertThat(there).isPositive();
            assertThat(here + there).isEqualTo(allTasks);
        });
    }

    /** Every read of the API, by path: each product's aliases, the listings, a search, the warehouses. */
    private Map<String, JsonNode> everyAnswer(ServiceProcess instance) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        for (String merchant : MERCHANTS) {
            paths.addAll(List.of(listingPath(merchant), warehousesPath(merchant),
                    "/api/merchants/" + merchant + "/products?search=SKU-1&limit=1000",
                    "/api/merchants/" + merchant + "/products?limit=3&after=" + id(20),
                    "/api/merchants/" + merchant + "/warehouses/EAST/products?limit=1000"));
        }
        for (int p = 0; p < PRODUCTS; p++) {
            paths.add(aliasPath(p, "SKU", sku(p)));
            paths.add(aliasPath(p, "UPC", upc(p)));
        }
        for (String path : paths) {
            answers.put(path, get(instance, path, false));
        }
        return answers;
    }

    private List<String> products(ServiceProcess instance, boolean localOnly) {
        List<String> ids = new ArrayList<>();
        for (String merchant : MERCHANTS) {
            get(instance, listingPath(merchant), localOnly).get("products")
                    .forEach(product -> ids.add(product.get("productId").asString()));
        }
        return ids;
    }

    private JsonNode get(ServiceProcess instance, String path, boolean localOnly) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.url() + path))
                .timeout(Duration.ofSeconds(10)).header("X-Api-Key", FaultStack.READ_KEY);
        if (localOnly) {
            request.header(StateStores.LOCAL_ONLY_HEADER, "true");
        }
        HttpResponse<String> response = send(request.build());
        assertThat(response.statusCode()).as("GET %s on %s: %s", path, instance.name(), response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer from " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A gauge of the instance's Prometheus scrape, NaN when absent. */
    private double gauge(ServiceProcess instance, String name, String tag) {
        return get(instance.url() + "/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(tag))
                .mapToDouble(TwoInventoryInstancesContract::value).findFirst().orElse(Double.NaN);
    }

    /** The sum of every series of a meter (every store). */
    private static double sum(String prometheus, String name) {
        return prometheus.lines().filter(line -> line.startsWith(name + "{"))
                .mapToDouble(TwoInventoryInstancesContract::value).filter(value -> !Double.isNaN(value)).sum();
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private void publishProduct(int p) {
        publish(Topics.PRODUCTS, Keys.product(merchant(p), id(p)),
                new ProductObserved(merchant(p), id(p), sku(p), Map.of("UPC", upc(p)), T0));
    }

    private void publishQuantities(int p, long available, Instant observedAt) {
        for (String warehouse : WAREHOUSES) {
            publish(Topics.AVAILABLE_QUANTITIES, Keys.product(merchant(p), id(p)), new AvailableQuantityObserved(merchant(p),
                    warehouse, id(p), sku(p), available, 0, available, observedAt, "run-" + observedAt.getEpochSecond()));
        }
    }

    private void publish(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, EventJson.write(event)));
    }

    private static String merchant(int p) {
        return MERCHANTS.get(p % MERCHANTS.size());
    }

    private static List<String> merchantsOnEveryPartition() {
        Map<Integer, String> byPartition = new java.util.TreeMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            byPartition.putIfAbsent(OwnerPartitions.of("scale-out-" + i, PARTITIONS), "scale-out-" + i);
        }
        return List.copyOf(byPartition.values());
    }

    private static String listingPath(String merchant) {
        return "/api/merchants/" + merchant + "/products?limit=1000";
    }

    private static String warehousesPath(String merchant) {
        return "/api/merchants/" + merchant + "/warehouses";
    }

    private static String aliasPath(int p, String name, String value) {
        return "/api/merchants/" + merchant(p) + "/aliases/" + name + "/" + value;
    }

    private static String id(int p) {
        return String.format("P%03d", p);
    }

    private static String sku(int p) {
        return String.format("SKU-%02d", p);
    }

    private static String upc(int p) {
        return String.format("UPC-%02d", p);
    }
}
