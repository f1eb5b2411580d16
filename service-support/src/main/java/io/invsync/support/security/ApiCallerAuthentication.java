package io.invsync.support.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link ApiCaller}; it carries no credentials (the key is never kept past the check). */
public final class ApiCallerAuthentication extends AbstractAuthenticationToken {

    private final ApiCaller caller;

    public ApiCallerAuthentication(ApiCaller caller) {
        super(List.of(new SimpleGrantedAuthority("CALLER_" + caller.getClass().getSimpleName().toUpperCase())));
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiCaller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        if (caller instanceof ApiCaller.Merchant merchant) {
            return merchant.merchantId() + "/" + merchant.via();
        }
        return caller instanceof ApiCaller.Admin ? "admin" : "operator";
    }
}
