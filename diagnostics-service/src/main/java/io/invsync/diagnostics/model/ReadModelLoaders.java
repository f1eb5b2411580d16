package io.invsync.diagnostics.model;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
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

    /** The topics the read model is built from (one binding each, in diagnostics-service.yml). */
    static final List<String> TOPICS = List.of(Topics.MERCHANTS, Topics.INVENTORY_RUNS, Topics.WAREHOUSES,
            Topics.PRODUCTS, Topics.INVENTORY_LEVELS, Topics.ALIAS_INDEX, Topics.CARTS, Topics.CART_PRODUCTS,
            Topics.CART_PUSH_RESULTS, Topics.CART_ORDERS);

    private final ReadModel model;
    private final ReadModelCatchUp catchUp;
    private final ObjectProvider<PushResultObserver> pushResultObservers;

    ReadModelLoaders(ReadModel model, ReadModelCatchUp catchUp, ObjectProvider<PushResultObserver> pushResultObservers) {
        this.model = model;
        this.catchUp = catchUp;
        this.pushResultObservers = pushResultObservers;
    }

    private <T> Consumer<Message<byte[]>> loader(String topic, Class<T> type, Consumer<T> put) {
        return message -> {
            put.accept(EventJson.read(topic, message.getPayload(), type));
            catchUp.processed(message);
        };
    }

    @Bean
    Consumer<Message<byte[]>> observeMerchants() {
        return loader(Topics.MERCHANTS, MerchantSettingsChanged.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeInventoryRuns() {
        return loader(Topics.INVENTORY_RUNS, InventoryRunRecorded.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeWarehouses() {
        return loader(Topics.WAREHOUSES, WarehouseObserved.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeProducts() {
        return loader(Topics.PRODUCTS, ProductObserved.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeInventoryLevels() {
        return loader(Topics.INVENTORY_LEVELS, InventoryLevelChanged.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeAliasIndex() {
        return loader(Topics.ALIAS_INDEX, AliasIndexChanged.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeCarts() {
        return loader(Topics.CARTS, CartSettingsChanged.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observeCartProducts() {
        return loader(Topics.CART_PRODUCTS, CartProductObserved.class, model::put);
    }

    @Bean
    Consumer<Message<byte[]>> observePushResults() {
        return loader(Topics.CART_PUSH_RESULTS, CartPushRecorded.class, result -> {
            CartPushRecorded previous = model.result(result.cartId(), result.aliasValue()).orElse(null);
            model.put(result);
            pushResultObservers.orderedStream().forEach(observer -> observer.recorded(previous, result));
        });
    }

    @Bean
    Consumer<Message<byte[]>> observeCartOrders() {
        return loader(Topics.CART_ORDERS, CartOrderLineReceived.class, model::put);
    }
}
