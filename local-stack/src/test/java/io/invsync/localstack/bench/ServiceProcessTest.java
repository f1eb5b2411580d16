package io.invsync.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    private static final String ARGS = "cart-push-service:--invsync.push.hand-off-interval=PT0.01S "
            + "inventory-service:--spring.kafka.streams.properties.commit.interval.ms=50 "
            + "cart-push-service:--spring.kafka.streams.properties.poll.ms=10";

    @Test
    void aServiceGetsItsOwnExtraArgumentsInTheirOrderAndEveryInstanceGetsThem() {
        assertThat(ServiceProcess.extraArgs("cart-push-service-2", ARGS)).containsExactly(
                "--invsync.push.hand-off-interval=PT0.01S", "--spring.kafka.streams.properties.poll.ms=10");
        assertThat(ServiceProcess.extraArgs("inventory-service", ARGS))
                .containsExactly("--spring.kafka.streams.properties.commit.interval.ms=50");
    }

    @Test
    void noExtraArgumentsForAServiceNotNamedOrWhenNoneAreGiven() {
        assertThat(ServiceProcess.extraArgs("diagnostics-service-1", ARGS)).isEmpty();
        assertThat(ServiceProcess.extraArgs("cart-push-service-1", "")).isEmpty();
        assertThat(ServiceProcess.extraArgs("cart-push-service-1", "  ")).isEmpty();
        assertThat(ServiceProcess.extraArgs("cart-push-service-1", "--no-service-named")).isEmpty();
    }
}
