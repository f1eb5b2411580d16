package io.invsync.support.security;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import io.invsync.events.KeyScope;

/**
 * A route a merchant key may take, declared by the service that serves it: the method and path pattern (matched,
 * like Spring MVC's routing, on the decoded and normalised path, with {@code ;} parameters set aside), the scope
 * it needs, and whose resource the route reaches given its path variables. A merchant key reaches only routes
 * declared here, and only where the owner is its own merchant; every other route is the admin's (and the read
 * key's, for reads).
 */
public final class MerchantScope {

    /** Whose resource a matched route reaches, from its path variables; empty when unknown (the key is refused). */
    @FunctionalInterface
    public interface Owner {
        Optional<String> merchantOf(Map<String, String> variables);
    }

    /** The route's answers are filtered to the caller's merchant by its handler ({@link ApiCaller#onlyMerchant()}). */
    public static final Owner FILTERED_BY_HANDLER = variables -> Optional.empty();

    private final HttpMethod method;
    private final String pattern;
    private final KeyScope scope;
    private final Owner owner;
    private final RequestMatcher matcher;

    private MerchantScope(HttpMethod method, String pattern, KeyScope scope, Owner owner) {
        this.method = method;
        this.pattern = pattern;
        this.scope = scope;
        this.owner = owner;
        this.matcher = PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }

    /** A route whose {@code {merchantId}} path variable names the owner. */
    public static MerchantScope merchantPath(HttpMethod method, String pattern, KeyScope scope) {
        return new MerchantScope(method, pattern, scope, variables -> Optional.ofNullable(variables.get("merchantId")));
    }

    /** A route whose owner is found from its path variables (a cart's merchant, from its settings). */
    public static MerchantScope owned(HttpMethod method, String pattern, KeyScope scope, Owner owner) {
        return new MerchantScope(method, pattern, scope, owner);
    }

    /** A route any merchant key of the scope may take: its handler answers only with the caller's merchant. */
    public static MerchantScope filtered(HttpMethod method, String pattern, KeyScope scope) {
        return new MerchantScope(method, pattern, scope, FILTERED_BY_HANDLER);
    }

    /** Whether the merchant's key of the given scope may take this request (false when the route does not match). */
    boolean admits(HttpServletRequest request, ApiCaller.Merchant caller) {
        if (caller.scope() != scope) {
            return false;
        }
        RequestMatcher.MatchResult match = matcher.matcher(request);
        if (!match.isMatch()) {
            return false;
        }
        if (owner == FILTERED_BY_HANDLER) {
            return true;
        }
        return owner.merchantOf(match.getVariables()).filter(caller.merchantId()::equals).isPresent();
    }

    @Override
    public String toString() {
        return method + " " + pattern + " (" + scope + ")";
    }
}
