package io.invsync.inventory.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.invsync.events.KeyScope;
import io.invsync.support.security.MerchantScope;
import io.invsync.support.security.MerchantScopes;

/** A merchant's READ key reads that merchant's warehouses, products and aliases here; nothing else. */
@Configuration(proxyBeanMethods = false)
class InventoryAccess {

    @Bean
    MerchantScopes inventoryMerchantScopes() {
        return MerchantScopes.of(
                MerchantScope.merchantPath(HttpMethod.GET, "/api/merchants/{merchantId}/**", KeyScope.READ));
    }
}
