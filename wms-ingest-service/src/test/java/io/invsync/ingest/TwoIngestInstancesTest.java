package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.invsync.ingest.pull.PullOwnership;

/**
 * Two wms-ingest instances on one broker: each knows every merchant (the tables are read whole by each), each
 * merchant is pulled by exactly one of them (the owner of its partition in the pull group), and when one stops
 * the other takes its merchants' pulls over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoIngestInstancesTest {

    private static final int PARTITIONS = 3;
    private static final String KEY = "test-admin-key";
    private static final List<String> MERCHANTS = List.of("two-a", "two-b", "two-c", "two-d", "two-e", "two-f");

    private EmbeddedKafkaKraftBroker broker;
    private FakeWms wms;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(java.util.Map.of("group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        wms = new FakeWms("wms-token");
        for (String merchant : MERCHANTS) {
            wms.pages("/" + merchant, "{\"warehouseId\":\"MAIN\",\"items\":[{\"sku\":\"S-1\",\"onHand\":1}]}");
        }
        for (int i = 0; i < 2; i++) {
            instances.add(IngestApplication.application().run("--server.port=0",
                    "--invsync.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--invsync.admin-key=" + KEY,
                    "--INVSYNC_SECRET_WMS_TOKEN=wms-token", "--INVSYNC_SECRET_GRANTS=WMS_TOKEN=" + String.join(",", MERCHANTS),
                    "--invsync.outbound.allow=localhost,127.0.0.1", "--invsync.topics.partitions=" + PARTITIONS,
                    "--invsync.pull.tick=PT0.2S", "--invsync.pull.ownership-session-timeout=PT6S",
                    "--spring.main.banner-mode=off"));
        }
        // the group has split the partitions between the two before any merchant exists
        await().atMost(Duration.ofSeconds(60)).until(() -> ownedPartitions(0) > 0 && ownedPartitions(1) > 0
                && ownedPartitions(0) + ownedPartitions(1) == PARTITIONS);
    }

    @AfterAll
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        wms.close();
        broker.destroy();
    }

    @Test
    void eachMerchantIsPulledByExactlyOneInstanceAndTheSurvivorTakesTheOthersOver() throws Exception {
        for (String merchant : MERCHANTS) {
            assertThat(put(0, merchant, "PT1H").statusCode()).isEqualTo(200);
        }
        for (String merchant : MERCHANTS) {
            long owners = instances.stream().filter(i -> i.getBean(PullOwnership.class).owns(merchant)).count();
            assertThat(owners).as(merchant).isEqualTo(1);
        }
        // every merchant is due at once: pulled once by its owner, and not again by the other instance
        await().atMost(Duration.ofSeconds(30)).until(() -> MERCHANTS.stream().allMatch(m -> wms.pulls("/" + m) == 1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> MERCHANTS.stream().allMatch(m -> wms.pulls("/" + m) == 1));
        // both instances know every merchant and its last run, whichever instance saved or pulled it
        for (int instance = 0; instance < 2; instance++) {
            for (String merchant : MERCHANTS) {
                int i = instance;
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    HttpResponse<String> answer = get(i, "/api/merchants/" + merchant);
                    return answer.statusCode() == 200 && answer.body().contains("\"lastRunStatus\":\"SUCCEEDED\"");
                });
            }
        }

        List<String> ofTheFirst = MERCHANTS.stream()
                .filter(m -> instances.get(0).getBean(PullOwnership.class).owns(m)).toList();
        assertThat(ofTheFirst).isNotEmpty();
        instances.get(0).close();
        PullOwnership survivor = instances.get(1).getBean(PullOwnership.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> MERCHANTS.stream().allMatch(survivor::owns));

        // the survivor now pulls the first instance's merchants when they are due
        for (String merchant : ofTheFirst) {
            assertThat(put(1, merchant, "PT1S").statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ofTheFirst.stream().allMatch(m -> wms.pulls("/" + m) >= 2));
    }

    private long ownedPartitions(int instance) {
        return instances.get(instance).getBean(PullOwnership.class).ownedPartitions().size();
    }

    private HttpResponse<String> put(int instance, String merchant, String pollInterval) throws Exception {
        String body = """
                {"inventorySync":"ON","pollInterval":"%s","wms":{"type":"HTTP_JSON","url":"%s",
                 "credentialsRef":"WMS_TOKEN"}}""".formatted(pollInterval, wms.url("/" + merchant));
        return http.send(HttpRequest.newBuilder(URI.create(url(instance) + "/api/merchants/" + merchant))
                .header("X-Api-Key", KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int instance, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(instance) + path)).header("X-Api-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String url(int instance) {
        return "http://127.0.0.1:" + instances.get(instance).getEnvironment().getProperty("local.server.port");
    }
}
