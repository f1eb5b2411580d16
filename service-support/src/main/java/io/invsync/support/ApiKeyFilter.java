package io.invsync.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code X-Api-Key} on the API: every write needs the admin key (or a key a {@link WriteAuthorizer} of the
 * service accepts, such as a merchant's push key); reads under the protected prefixes need the admin or the read
 * key. Keys are compared in constant time and never logged or echoed.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final byte[] adminKey;
    private final byte[] readKey;
    private final List<String> protectedReadPrefixes;
    private final List<WriteAuthorizer> writeAuthorizers;

    public ApiKeyFilter(String adminKey, String readKey, List<String> protectedReadPrefixes,
            List<WriteAuthorizer> writeAuthorizers) {
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.readKey = readKey == null || readKey.isEmpty() ? null : readKey.getBytes(StandardCharsets.UTF_8);
        this.protectedReadPrefixes = List.copyOf(protectedReadPrefixes);
        this.writeAuthorizers = List.copyOf(writeAuthorizers);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || HttpMethod.OPTIONS.matches(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        boolean read = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
        if (read ? readAllowed(request.getRequestURI(), key) : writeAllowed(request, key)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        response.getWriter().write("""
                {"type":"about:blank","title":"Unauthorized","status":401,\
                "detail":"header X-Api-Key is %s","errors":[{"field":"X-Api-Key","message":"%s"}]}""".formatted(
                key == null ? "missing" : "not a valid key for this request",
                key == null ? "is required" : "is not valid for this request"));
    }

    private boolean readAllowed(String uri, String key) {
        if (protectedReadPrefixes.stream().noneMatch(uri::startsWith)) {
            return true;
        }
        return key != null && (matches(adminKey, key) || (readKey != null && matches(readKey, key)));
    }

    private boolean writeAllowed(HttpServletRequest request, String key) {
        if (key != null && matches(adminKey, key)) {
            return true;
        }
        return writeAuthorizers.stream().anyMatch(authorizer -> authorizer.authorizes(request, key));
    }

    private static boolean matches(byte[] expected, String key) {
        return MessageDigest.isEqual(expected, key.getBytes(StandardCharsets.UTF_8));
    }
}
