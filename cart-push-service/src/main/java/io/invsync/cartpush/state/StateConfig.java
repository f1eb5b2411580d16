package io.invsync.cartpush.state;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.invsync.events.Topics;
import io.invsync.support.CatchUp;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TopicsInitializer;

@Configuration
class StateConfig {

    /** The tables to read in full before the first plan. */
    static final List<String> TABLES = List.of(Topics.CARTS, Topics.INVENTORY_LEVELS, Topics.ALIAS_INDEX,
            Topics.CART_PRODUCTS, Topics.CART_PUSH_RESULTS, Topics.CART_ORDERS);

    @Bean
    CatchUp catchUp(InvsyncProperties properties, TopicsInitializer topicsCreatedFirst,
            @Value("${invsync.push.load-patience:PT60S}") Duration patience, Clock clock) {
        return new CatchUp(properties.kafka().bootstrapServers(), TABLES, patience, clock);
    }
}
