package io.invsync.support.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Why a request that tried to authenticate did not (a key that is not valid, a signature that does not verify):
 * kept on the request so that the one 401 answer names the field and the fault.
 */
public record AuthenticationFault(String field, String message) {

    private static final String ATTRIBUTE = AuthenticationFault.class.getName();

    public void setOn(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static AuthenticationFault of(HttpServletRequest request) {
        Object fault = request.getAttribute(ATTRIBUTE);
        return fault instanceof AuthenticationFault f ? f
                : new AuthenticationFault(ApiKeyAuthenticationFilter.HEADER, "is required");
    }
}
