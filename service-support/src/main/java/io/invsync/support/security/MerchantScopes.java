package io.invsync.support.security;

import java.util.List;

/** The routes a service opens to merchant keys (see {@link MerchantScope}); one bean per service. */
public record MerchantScopes(List<MerchantScope> routes) {

    public MerchantScopes {
        routes = List.copyOf(routes);
    }

    public static MerchantScopes of(MerchantScope... routes) {
        return new MerchantScopes(List.of(routes));
    }
}
