package io.invsync.support.security;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may take which {@code /api/**} request: the admin everything; the read key every GET; a merchant key only
 * the {@link MerchantScope} routes its service declares, for its own merchant. Everything else is refused.
 */
public class ApiAccess implements AuthorizationManager<RequestAuthorizationContext> {

    private final List<MerchantScope> merchantScopes;

    public ApiAccess(List<MerchantScope> merchantScopes) {
        this.merchantScopes = List.copyOf(merchantScopes);
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        Authentication auth = authentication.get();
        if (auth == null || !(auth.getPrincipal() instanceof ApiCaller caller)) {
            return new AuthorizationDecision(false);
        }
        return new AuthorizationDecision(admits(caller, context.getRequest()));
    }

    boolean admits(ApiCaller caller, HttpServletRequest request) {
        if (caller instanceof ApiCaller.Admin) {
            return true;
        }
        if (caller instanceof ApiCaller.Operator) {
            return HttpMethod.GET.matches(request.getMethod());
        }
        ApiCaller.Merchant merchant = (ApiCaller.Merchant) caller;
        return merchantScopes.stream().anyMatch(scope -> scope.admits(request, merchant));
    }
}
