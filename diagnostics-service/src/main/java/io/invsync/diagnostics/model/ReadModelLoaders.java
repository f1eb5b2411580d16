package io.invsync.diagnostics.model;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import io.invsync.support.EventPublisher;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TableReader;
import io.invsync.support.TopicsInitializer;

/**
 * Reads every topic into the {@link ReadModel}, from the beginning on each start (the model lives in memory); a
 * record that cannot be read goes to the topic's .dlq.
 */
@Configuration
class ReadModelLoaders {

    /** The topics the read model is built from. */
    static final List<String> TOPICS = List.of(Topics.MERCHANTS, Topics.INVENTORY_RUNS, Topics.WAREHOUSES,
            Topics.PRODUCTS, Topics.INVENTORY_LEVELS, Topics.ALIAS_INDEX, Topics.CARTS, Topics.CART_PRODUCTS,
            Topics.CART_PUSH_RESULTS, Topics.CART_ORDERS);

    private final ReadModel model;
    private final ObjectProvider<PushResultObserver> pushResultObservers;

    ReadModelLoaders(ReadModel model, ObjectProvider<PushResultObserver> pushResultObservers) {
        this.model = model;
        this.pushResultObservers = pushResultObservers;
    }

    @Bean
    TableReader readModelTables(InvsyncProperties properties, EventPublisher publisher, ReadModelCatchUp catchUp,
            TopicsInitializer topicsCreatedFirst, @Value("${invsync.diagnostics.consumer-group}") String group) {
        var tables = new TableReader.Tables()
                .add(Topics.MERCHANTS, MerchantSettingsChanged.class, model::put)
                .add(Topics.INVENTORY_RUNS, InventoryRunRecorded.class, model::put)
                .add(Topics.WAREHOUSES, WarehouseObserved.class, model::put)
                .add(Topics.PRODUCTS, ProductObserved.class, model::put)
                .add(Topics.INVENTORY_LEVELS, InventoryLevelChanged.class, model::put)
                .add(Topics.ALIAS_INDEX, AliasIndexChanged.class, model::put)
                .add(Topics.CARTS, CartSettingsChanged.class, model::put)
                .add(Topics.CART_PRODUCTS, CartProductObserved.class, model::put)
                .add(Topics.CART_PUSH_RESULTS, CartPushRecorded.class, result -> {
                    CartPushRecorded previous = model.result(result.cartId(), result.aliasValue()).orElse(null);
                    model.put(result);
                    pushResultObservers.orderedStream().forEach(observer -> observer.recorded(previous, result));
                })
                .add(Topics.CART_ORDERS, CartOrderLineReceived.class, model::put);
        return new TableReader("diagnostics", properties.kafka().bootstrapServers(), group + "-tables", tables,
                catchUp::tablesRead, publisher);
    }
}
