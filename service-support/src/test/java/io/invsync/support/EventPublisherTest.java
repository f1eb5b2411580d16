package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

class EventPublisherTest {

    /** With no broker behind the address, an API caller gets an answer it can act on within seconds. */
    @Test
    void withNoBrokerAPublishOrFlushFailsAsKafkaUnavailableAndTheApiAnswers503() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EventPublisher publisher = new EventPublisher("127.0.0.1:" + port)) {
            assertThatThrownBy(() -> {
                publisher.publish("invsync.merchants.v1", "m-1", Map.of("merchantId", "m-1"));
                publisher.flush();
            }).isInstanceOf(KafkaUnavailableException.class).hasMessageContaining("Kafka");
        }

        var answer = new ProblemDetailsAdvice().kafkaUnavailable(new KafkaUnavailableException("down", null));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getDetail()).contains("send it again");
    }
}
