package io.invsync.ingest.security;

import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.invsync.events.KeyScope;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.support.Secrets;
import io.invsync.support.security.ApiSecurityCustomizer;
import io.invsync.support.security.MerchantScope;
import io.invsync.support.security.MerchantScopes;

/** What merchant keys reach in wms-ingest, and the signed pushes. */
@Configuration(proxyBeanMethods = false)
class IngestAccess {

    static final String INVENTORY = "/api/merchants/{merchantId}/inventory";
    static final String ORDERS = "/api/merchants/{merchantId}/orders";

    @Bean
    MerchantScopes ingestMerchantScopes() {
        return MerchantScopes.of(
                MerchantScope.merchantPath(HttpMethod.GET, "/api/merchants/{merchantId}", KeyScope.READ),
                MerchantScope.merchantPath(HttpMethod.GET, "/api/merchants/{merchantId}/inventory-runs", KeyScope.READ),
                MerchantScope.merchantPath(HttpMethod.GET, "/api/merchants/{merchantId}/keys", KeyScope.READ),
                MerchantScope.merchantPath(HttpMethod.POST, INVENTORY, KeyScope.PUSH),
                MerchantScope.merchantPath(HttpMethod.POST, ORDERS, KeyScope.PUSH));
    }

    /** Not a bean of its own: as a bean, Boot would also register it as a servlet filter outside the chain. */
    @Bean
    ApiSecurityCustomizer signedPushes(MerchantDirectory merchants, Secrets secrets, Clock clock) {
        var filter = new SignedPushFilter(List.of(INVENTORY, ORDERS), merchants, secrets, clock);
        return http -> http.addFilterBefore(filter, AnonymousAuthenticationFilter.class);
    }
}
