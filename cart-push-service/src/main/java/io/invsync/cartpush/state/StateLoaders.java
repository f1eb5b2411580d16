package io.invsync.cartpush.state;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import io.invsync.cartpush.plan.PushPlanner;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Topics;
import io.invsync.support.CatchUp;

/**
 * The consumer bindings: each applies its topic to {@link PushState} and tells the planner what to look at
 * again. A record that cannot be read throws, so the binder retries it and then sends it to the topic's .dlq.
 */
@Configuration
class StateLoaders {

    private final PushState state;
    private final PushPlanner planner;
    private final CatchUp catchUp;

    StateLoaders(PushState state, PushPlanner planner, CatchUp catchUp) {
        this.state = state;
        this.planner = planner;
        this.catchUp = catchUp;
    }

    @Bean
    Consumer<Message<byte[]>> applyCartSettings() {
        return message -> {
            CartSettingsChanged cart = EventJson.read(Topics.CARTS, message.getPayload(), CartSettingsChanged.class);
            state.putCart(cart);
            planner.replanCart(cart.cartId());
            catchUp.processed(message);
        };
    }

    @Bean
    Consumer<Message<byte[]>> applyInventoryLevel() {
        return message -> {
            InventoryLevelChanged level = EventJson.read(Topics.INVENTORY_LEVELS, message.getPayload(),
                    InventoryLevelChanged.class);
            state.putLevel(level);
            planner.replanProduct(level.merchantId(), level.productId());
            catchUp.processed(message);
        };
    }

    @Bean
    Consumer<Message<byte[]>> applyAliasIndex() {
        return message -> {
            AliasIndexChanged entry = EventJson.read(Topics.ALIAS_INDEX, message.getPayload(), AliasIndexChanged.class);
            var before = state.productsWithAlias(entry.merchantId(), entry.aliasName(), entry.aliasValue());
            state.putAliasIndex(entry);
            before.forEach(productId -> planner.replanProduct(entry.merchantId(), productId));
            entry.productIds().forEach(productId -> planner.replanProduct(entry.merchantId(), productId));
            catchUp.processed(message);
        };
    }

    @Bean
    Consumer<Message<byte[]>> applyCartOrder() {
        return message -> {
            CartOrderLineReceived order = EventJson.read(Topics.CART_ORDERS, message.getPayload(),
                    CartOrderLineReceived.class);
            state.putOrder(order);
            planner.replanSku(order.merchantId(), order.sku());
            catchUp.processed(message);
        };
    }

    @Bean
    Consumer<Message<byte[]>> applyCartProduct() {
        return message -> {
            CartProductObserved product = EventJson.read(Topics.CART_PRODUCTS, message.getPayload(),
                    CartProductObserved.class);
            state.putCartProduct(product);
            planner.replanAlias(product.cartId(), product.aliasValue());
            catchUp.processed(message);
        };
    }

    @Bean
    Consumer<Message<byte[]>> loadPushResults() {
        return message -> {
            state.putResult(EventJson.read(Topics.CART_PUSH_RESULTS, message.getPayload(), CartPushRecorded.class));
            catchUp.processed(message);
        };
    }
}
