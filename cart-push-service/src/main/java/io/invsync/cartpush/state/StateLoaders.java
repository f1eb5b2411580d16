package io.invsync.cartpush.state;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.invsync.cartpush.plan.PushPlanner;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
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
        var tables = new TableReader.Tables()
                .add(Topics.CARTS, CartSettingsChanged.class, cart -> {
                    state.putCart(cart);
                    planner.replanCart(cart.cartId());
                })
                .add(Topics.INVENTORY_LEVELS, InventoryLevelChanged.class, level -> {
                    state.putLevel(level);
                    planner.replanProduct(level.merchantId(), level.productId());
                })
                .add(Topics.ALIAS_INDEX, AliasIndexChanged.class, this::applyAliasIndex)
                .add(Topics.CART_ORDERS, CartOrderLineReceived.class, order -> {
                    state.putOrder(order);
                    planner.replanSku(order.merchantId(), order.sku());
                })
                .add(Topics.CART_PRODUCTS, CartProductObserved.class, product -> {
                    state.putCartProduct(product);
                    planner.replanAlias(product.cartId(), product.aliasValue());
                })
                .add(Topics.CART_PUSH_RESULTS, CartPushRecorded.class, state::putResult);
        String group = "cart-push-service-" + environment.getProperty("invsync.push.instance-index", "0");
        return new TableReader("cart-push", properties.kafka().bootstrapServers(), group, tables,
                planner::tablesRead, publisher);
    }

    /** The products that held the value before and those that hold it now are both looked at again. */
    private void applyAliasIndex(AliasIndexChanged entry) {
        var before = state.productsWithAlias(entry.merchantId(), entry.aliasName(), entry.aliasValue());
        state.putAliasIndex(entry);
        before.forEach(productId -> planner.replanProduct(entry.merchantId(), productId));
        entry.productIds().forEach(productId -> planner.replanProduct(entry.merchantId(), productId));
    }
}
