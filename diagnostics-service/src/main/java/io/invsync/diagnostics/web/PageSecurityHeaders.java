package io.invsync.diagnostics.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web page loads nothing from elsewhere, and says so to the browser: a script injected through odd data could
 * neither load code nor send the key in sessionStorage to another host.
 */
@Component
class PageSecurityHeaders extends OncePerRequestFilter {

    private static final Set<String> PAGE = Set.of("/", "/index.html", "/app.js", "/style.css");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PAGE.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
