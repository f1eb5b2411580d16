package io.invsync.support.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;


/**
 * Authenticates {@code X-Api-Key}: the admin key, the operators' read key, or a merchant key. A key that is none
 * of them leaves the request unauthenticated (with an {@link AuthenticationFault}, so the 401 says the key is not
 * valid);
 * what the caller may reach is decided afterwards by {@link ApiAccess}, on the routed path. Keys are compared in
 * constant time (admin, read) or by digest (merchant keys) and never logged or echoed.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final byte[] adminKey;
    private final byte[] readKey;
    private final MerchantKeys merchantKeys;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ApiKeyAuthenticationFilter(String adminKey, String readKey, MerchantKeys merchantKeys) {
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.readKey = readKey == null || readKey.isBlank() ? null : readKey.getBytes(StandardCharsets.UTF_8);
        this.merchantKeys = merchantKeys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key != null) {
            Optional<ApiCaller> caller = identify(key);
            if (caller.isPresent()) {
                var context = contexts.createEmptyContext();
                context.setAuthentication(new ApiCallerAuthentication(caller.get()));
                contexts.setContext(context);
            } else {
                new AuthenticationFault(HEADER, "is not a valid key").setOn(request);
            }
        }
        chain.doFilter(request, response);
    }

    Optional<ApiCaller> identify(String key) {
        byte[] presented = key.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(adminKey, presented)) {
            return Optional.of(new ApiCaller.Admin());
        }
        if (readKey != null && MessageDigest.isEqual(readKey, presented)) {
            return Optional.of(new ApiCaller.Operator());
        }
        return merchantKeys.findByKey(key).map(k -> new ApiCaller.Merchant(k.merchantId(), k.scope(), k.keyId()));
    }
}
