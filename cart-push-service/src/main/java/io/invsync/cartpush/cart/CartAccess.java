package io.invsync.cartpush.cart;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.KeyScope;
import io.invsync.support.security.MerchantScope;
import io.invsync.support.security.MerchantScopes;

/**
 * A merchant's READ key reads the settings and product sync of that merchant's carts: a cart is the merchant's
 * named in its settings, and preview it under other settings. Changing settings, resyncs and catalog refreshes stay the admin's.
 */
@Configuration(proxyBeanMethods = false)
class CartAccess {

    @Bean
    MerchantScopes cartMerchantScopes(CartViews views) {
        MerchantScope.Owner cartsMerchant = variables -> views.cart(variables.get("cartId"))
                .map(CartSettingsChanged::merchantId);
        return MerchantScopes.of(
                MerchantScope.owned(HttpMethod.GET, "/api/carts/{cartId}", KeyScope.READ, cartsMerchant),
                MerchantScope.owned(HttpMethod.GET, "/api/carts/{cartId}/**", KeyScope.READ, cartsMerchant),
                // a dry run reads the merchant's state and changes nothing
                MerchantScope.owned(HttpMethod.POST, "/api/carts/{cartId}/preview", KeyScope.READ, cartsMerchant));
    }
}
