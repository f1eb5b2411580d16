package io.invsync.diagnostics.model;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import io.invsync.support.CatchUp;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TopicsInitializer;

/**
 * Whether the read model has read every topic up to where it ended when the service started. Until then a cart
 * looks unsynced only because its results have not been read yet, so metrics derived from the model wait for it.
 */
@Component
public class ReadModelCatchUp {

    private final CatchUp catchUp;

    ReadModelCatchUp(InvsyncProperties properties, TopicsInitializer topicsCreatedFirst, Clock clock,
            @Value("${invsync.diagnostics.catch-up-patience:PT2M}") Duration patience) {
        this.catchUp = new CatchUp(properties.kafka().bootstrapServers(), ReadModelLoaders.TOPICS, patience, clock);
    }

    void processed(Message<?> message) {
        catchUp.processed(message);
    }

    public boolean loaded() {
        return catchUp.caughtUp();
    }
}
