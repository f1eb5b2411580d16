package io.invsync.support.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import io.invsync.events.KeyScope;

/** Who is calling the API, as the {@code X-Api-Key} (or a signed push) proved it. */
public sealed interface ApiCaller {

    /** The admin key: everything. */
    record Admin() implements ApiCaller {
    }

    /** The operators' read key: every read of every merchant. */
    record Operator() implements ApiCaller {
    }

    /**
     * A merchant key, or a push signed with the merchant's WMS secret: only that merchant's resources, only what
     * the scope allows. {@code via} is the key's id, or {@code signature}.
     */
    record Merchant(String merchantId, KeyScope scope, String via) implements ApiCaller {
    }

    /** The caller of the request being handled, if it was authenticated. */
    static Optional<ApiCaller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiCaller caller
                ? Optional.of(caller) : Optional.empty();
    }

    /**
     * The one merchant the current caller may see, for handlers that list across merchants (empty: the caller
     * sees every merchant).
     */
    static Optional<String> onlyMerchant() {
        return current().filter(Merchant.class::isInstance).map(c -> ((Merchant) c).merchantId());
    }
}
