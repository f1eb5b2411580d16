package io.invsync.cartpush.state;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.invsync.cartpush.plan.PushPlanner;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TableReader;
import io.invsync.support.TopicsInitializer;

/**
 * Reads the tables this service rebuilds on each start (its state lives in Kafka only): each handler applies its
 * topic to {@link PushState} and tells the planner what to look at again. A record that cannot be read throws and
 * goes to the topic's .dlq. Every instance reads every partition; it acts only for the carts it owns.
 */
@Configuration
class StateLoaders {

    private final PushState state;
    private final PushPlanner planner;

    StateLoaders(PushState state, PushPlanner planner) {
        this.state = state;
        this.planner = planner;
    }

    @Bean
    TableReader pushTables(InvsyncProperties properties, EventPublisher publisher, TopicsInitializer topicsCreatedFirst,
            org.springframework.core.env.Environment environment) {
        Map<String, TableReader.Handler> tables = new LinkedHashMap<>();
        tables.put(Topics.CARTS, this::applyCartSettings);
        tables.put(Topics.INVENTORY_LEVELS, this::applyInventoryLevel);
        tables.put(Topics.ALIAS_INDEX, this::applyAliasIndex);
        tables.put(Topics.CART_ORDERS, this::applyCartOrder);
        tables.put(Topics.CART_PRODUCTS, this::applyCartProduct);
        tables.put(Topics.CART_PUSH_RESULTS, (key, value) ->
                state.putResult(EventJson.readTableRow(Topics.CART_PUSH_RESULTS, value, CartPushRecorded.class)));
        String group = "cart-push-service-" + environment.getProperty("invsync.push.instance-index", "0");
        return new TableReader("cart-push", properties.kafka().bootstrapServers(), group, tables,
                planner::tablesRead, publisher);
    }

    private void applyCartSettings(String key, byte[] value) {
        CartSettingsChanged cart = EventJson.readTableRow(Topics.CARTS, value, CartSettingsChanged.class);
        state.putCart(cart);
        planner.replanCart(cart.cartId());
    }

    private void applyInventoryLevel(String key, byte[] value) {
        InventoryLevelChanged level = EventJson.readTableRow(Topics.INVENTORY_LEVELS, value, InventoryLevelChanged.class);
        state.putLevel(level);
        planner.replanProduct(level.merchantId(), level.productId());
    }

    private void applyAliasIndex(String key, byte[] value) {
        AliasIndexChanged entry = EventJson.readTableRow(Topics.ALIAS_INDEX, value, AliasIndexChanged.class);
        var before = state.productsWithAlias(entry.merchantId(), entry.aliasName(), entry.aliasValue());
        state.putAliasIndex(entry);
        before.forEach(productId -> planner.replanProduct(entry.merchantId(), productId));
        entry.productIds().forEach(productId -> planner.replanProduct(entry.merchantId(), productId));
    }

    private void applyCartOrder(String key, byte[] value) {
        CartOrderLineReceived order = EventJson.readTableRow(Topics.CART_ORDERS, value, CartOrderLineReceived.class);
        state.putOrder(order);
        planner.replanSku(order.merchantId(), order.sku());
    }

    private void applyCartProduct(String key, byte[] value) {
        CartProductObserved product = EventJson.readTableRow(Topics.CART_PRODUCTS, value, CartProductObserved.class);
        state.putCartProduct(product);
        planner.replanAlias(product.cartId(), product.aliasValue());
    }
}
