package io.invsync.support.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The security answers as problem+json naming the field: 401 (no key, or not a valid one), 403 (a valid key that
 * does not reach this resource), 400 (a request path the firewall refuses). None echoes the key or the path.
 */
public final class ApiProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        AuthenticationFault fault = AuthenticationFault.of(request);
        response.setHeader("WWW-Authenticate", "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", fault.field() + " " + fault.message(),
                fault.field(), fault.message());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                "this key does not reach this resource (a merchant key reaches only its own merchant, within its scope)",
                ApiKeyAuthenticationFilter.HEADER, "does not reach this resource");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                "the request path is not in canonical form (encoded or repeated separators, dot or ; segments)",
                "path", "is not in canonical form");
    }

    /** Writes a problem+json answer naming one field (for filters, which answer before any controller advice). */
    public static void write(HttpServletResponse response, int status, String title, String detail, String field,
            String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("""
                {"type":"about:blank","title":"%s","status":%d,"detail":"%s","errors":[{"field":"%s","message":"%s"}]}"""
                .formatted(title, status, json(detail), json(field), json(message)));
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
