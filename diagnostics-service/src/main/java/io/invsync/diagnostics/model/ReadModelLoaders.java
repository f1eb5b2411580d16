package io.invsync.diagnostics.model;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;

/** One consumer binding per topic; a record that cannot be read goes, after retries, to the topic's .dlq. */
@Configuration
class ReadModelLoaders {

    private final ReadModel model;

    ReadModelLoaders(ReadModel model) {
        this.model = model;
    }

    private static <T> T read(String topic, Message<byte[]> message, Class<T> type) {
        return EventJson.read(topic, message.getPayload(), type);
    }

    @Bean
    Consumer<Message<byte[]>> observeMerchants() {
        return m -> model.put(read(Topics.MERCHANTS, m, MerchantSettingsChanged.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeInventoryRuns() {
        return m -> model.put(read(Topics.INVENTORY_RUNS, m, InventoryRunRecorded.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeWarehouses() {
        return m -> model.put(read(Topics.WAREHOUSES, m, WarehouseObserved.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeProducts() {
        return m -> model.put(read(Topics.PRODUCTS, m, ProductObserved.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeInventoryLevels() {
        return m -> model.put(read(Topics.INVENTORY_LEVELS, m, InventoryLevelChanged.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeAliasIndex() {
        return m -> model.put(read(Topics.ALIAS_INDEX, m, AliasIndexChanged.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeCarts() {
        return m -> model.put(read(Topics.CARTS, m, CartSettingsChanged.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeCartProducts() {
        return m -> model.put(read(Topics.CART_PRODUCTS, m, CartProductObserved.class));
    }

    @Bean
    Consumer<Message<byte[]>> observePushResults() {
        return m -> model.put(read(Topics.CART_PUSH_RESULTS, m, CartPushRecorded.class));
    }

    @Bean
    Consumer<Message<byte[]>> observeCartOrders() {
        return m -> model.put(read(Topics.CART_ORDERS, m, CartOrderLineReceived.class));
    }
}
