package io.invsync.diagnostics.web;

import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.invsync.diagnostics.model.ReadModels;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.KeyScope;
import io.invsync.support.security.MerchantScope;
import io.invsync.support.security.MerchantScopes;
import io.invsync.support.security.PublicPaths;

/**
 * A merchant's READ key reads that merchant's checks and its carts' explanations and discrepancies (a cart of
 * another merchant is refused even under the key's own merchant path); the merchant list and the dead letters
 * are answered with that merchant's entries only. The web page's files are open: the page asks for a key before
 * it reads anything.
 */
@Configuration(proxyBeanMethods = false)
class DiagnosticsAccess {

    @Bean
    MerchantScopes diagnosticsMerchantScopes(ReadModels models) {
        MerchantScope.Owner merchantOwningTheCart = variables -> {
            String merchantId = variables.get("merchantId");
            Optional<CartSettingsChanged> cart = models.local().cart(variables.get("cartId"));
            return cart.isEmpty() || cart.get().merchantId().equals(merchantId) ? Optional.ofNullable(merchantId)
                    : Optional.empty();
        };
        return MerchantScopes.of(
                MerchantScope.merchantPath(HttpMethod.GET, "/api/diagnostics/merchants/{merchantId}", KeyScope.READ),
                MerchantScope.owned(HttpMethod.GET, "/api/diagnostics/merchants/{merchantId}/carts/{cartId}/**",
                        KeyScope.READ, merchantOwningTheCart),
                MerchantScope.filtered(HttpMethod.GET, "/api/diagnostics/merchants", KeyScope.READ),
                MerchantScope.filtered(HttpMethod.GET, "/api/diagnostics/dead-letters", KeyScope.READ));
    }

    @Bean
    PublicPaths diagnosticsPage() {
        return new PublicPaths(List.of("/", "/index.html", "/app.js", "/style.css", "/favicon.ico"));
    }
}
