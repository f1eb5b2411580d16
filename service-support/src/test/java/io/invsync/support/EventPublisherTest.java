package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@EmbeddedKafka(partitions = 1)
class EventPublisherTest {

    /** A topic whose broker-side size limit (max.message.bytes) refuses the events the test sends to it. */
    private static final String TINY = "test.tiny-messages.v1";
    private static final String NORMAL = "test.normal.v1";

    private static EventPublisher publisher;

    @BeforeAll
    static void topics() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(TINY, 1, (short) 1).configs(Map.of("max.message.bytes", "200")),
                    new NewTopic(NORMAL, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        publisher = new EventPublisher(broker.getBrokersAsString());
    }

    @AfterAll
    static void close() {
        publisher.close();
    }

    /**
     * Request A sends an event the broker refuses; while A's failure is already known, request B sends and waits.
     * B is answered 200 (its own event is durable) and A 503: a failure is reported to the request it belongs to.
     */
    @Test
    void aRequestIsAnsweredForItsOwnEventsOnlyWhenAnotherRequestsEventFails() throws Exception {
        var requests = new Requests();
        MockMvc mvc = MockMvcBuilders.standaloneSetup(requests).setControllerAdvice(new ProblemDetailsAdvice()).build();

        CompletableFuture<MvcResult> a = CompletableFuture.supplyAsync(() -> perform(mvc, "/a"));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.aSend.get() != null && requests.aSend.get().isDone());
        assertThat(requests.aSend.get()).isCompletedExceptionally();

        MvcResult b = perform(mvc, "/b");
        requests.bAnswered.countDown();

        assertThat(b.getResponse().getStatus()).isEqualTo(200);
        MvcResult answerA = a.get(30, TimeUnit.SECONDS);
        assertThat(answerA.getResponse().getStatus()).isEqualTo(503);
        assertThat(answerA.getResponse().getHeader("Retry-After")).isEqualTo("5");
    }

    @Test
    void anEventOver256KiBIsRefusedBeforeSendingAsA413NamingTheFault() throws Exception {
        var sends = publisher.sends();
        assertThatThrownBy(() -> sends.publish(NORMAL, "k", Map.of("text", "x".repeat(EventPublisher.MAX_EVENT_BYTES))))
                .isInstanceOf(EventTooLargeException.class).hasMessageContaining("256 KiB");
        assertThat(sends.size()).isZero();

        MockMvc mvc = MockMvcBuilders.standaloneSetup(new Requests()).setControllerAdvice(new ProblemDetailsAdvice())
                .build();
        mvc.perform(post("/huge")).andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("more than the limit")));
    }

    /** With no broker behind the address, an API caller gets an answer it can act on within seconds. */
    @Test
    void withNoBrokerAPublishOrAwaitFailsAsKafkaUnavailableAndTheApiAnswers503() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EventPublisher nowhere = new EventPublisher("127.0.0.1:" + port)) {
            assertThatThrownBy(() -> {
                var sends = nowhere.sends();
                sends.publish("invsync.merchants.v1", "m-1", Map.of("merchantId", "m-1"));
                sends.awaitAcknowledged();
            }).isInstanceOf(KafkaUnavailableException.class).hasMessageContaining("Kafka");
        }

        var answer = new ProblemDetailsAdvice().kafkaUnavailable(new KafkaUnavailableException("down", null));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getDetail()).contains("send it again");
    }

    private static MvcResult perform(MockMvc mvc, String path) {
        try {
            return mvc.perform(post(path)).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Two endpoints that publish and wait for their own sends, as every API of the services does. */
    @RestController
    static class Requests {

        final AtomicReference<CompletableFuture<RecordMetadata>> aSend = new AtomicReference<>();
        final CountDownLatch bAnswered = new CountDownLatch(1);

        @PostMapping("/a")
        Map<String, String> a() throws InterruptedException {
            var sends = publisher.sends();
            sends.publish(NORMAL, "a", Map.of("text", "fine"));
            aSend.set(sends.publish(TINY, "a", Map.of("text", "x".repeat(1000)))); // over the topic's 200 bytes
            bAnswered.await(30, TimeUnit.SECONDS); // B asks and is answered while A's failure is known
            sends.awaitAcknowledged();
            return Map.of("answer", "accepted");
        }

        @PostMapping("/b")
        Map<String, String> b() {
            var sends = publisher.sends();
            sends.publish(NORMAL, "b", Map.of("text", "fine"));
            sends.awaitAcknowledged();
            return Map.of("answer", "accepted");
        }

        @PostMapping("/huge")
        Map<String, String> huge() {
            publisher.sends().publish(NORMAL, "h", Map.of("text", "x".repeat(EventPublisher.MAX_EVENT_BYTES)));
            return Map.of("answer", "accepted");
        }
    }
}
