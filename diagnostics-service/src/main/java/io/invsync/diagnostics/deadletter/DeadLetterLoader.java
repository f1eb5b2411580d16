package io.invsync.diagnostics.deadletter;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One binding over every {@code <topic>.dlq} topic (the destinations are listed in diagnostics-service.yml). It has
 * no dead-letter topic of its own and does not retry: {@link DeadLetters#received} does not throw.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterLoader {

    @Bean
    Consumer<Message<byte[]>> countDeadLetters(DeadLetters deadLetters) {
        return deadLetters::received;
    }
}
