package io.invsync.ingest.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import io.invsync.events.KeyScope;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.support.BodyLimitFilter;
import io.invsync.support.BodyTooLargeException;
import io.invsync.support.Hmac;
import io.invsync.support.Secrets;
import io.invsync.support.security.ApiCaller;
import io.invsync.support.security.ApiCallerAuthentication;
import io.invsync.support.security.ApiKeyAuthenticationFilter;
import io.invsync.support.security.AuthenticationFault;

/**
 * Signed WMS pushes (inventory and orders) without a key:
 * {@code X-Invsync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<METHOD>.<path and query>.<body>">}
 * keyed with the secret of the merchant's {@code wms.credentialsRef}. Refused (401, naming the fault) when {@code t}
 * is more than five minutes off, when the signature was already used within that window, or when it does not
 * verify. The body is spooled while the HMAC is computed (never past its limit: the body filter, which runs
 * first, counts it and refuses a larger one with 413); only once it
 * verifies is the request authenticated as the merchant's {@code PUSH} caller and handed on, with the spooled
 * body. Where it goes from there is {@code ApiAccess}'s decision, like for any key.
 */
public final class SignedPushFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Invsync-Signature";
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern FORMAT = Pattern.compile("t=(\\d{1,12}),v1=([0-9a-fA-F]{64})");

    private final List<RequestMatcher> routes;
    private final MerchantDirectory merchants;
    private final Secrets secrets;
    private final Clock clock;
    private final SeenSignatures seen = new SeenSignatures();
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    /** @param routes the POST path patterns that take signed pushes, each with a {@code {merchantId}} variable */
    SignedPushFilter(List<String> routes, MerchantDirectory merchants, Secrets secrets, Clock clock) {
        this.routes = routes.stream()
                .map(pattern -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, pattern))
                .toList();
        this.merchants = merchants;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<RequestMatcher> route = routes.stream().filter(r -> r.matches(request)).findFirst();
        if (route.isEmpty()) {
            refuse(request, "is accepted only on POST /api/merchants/{merchantId}/inventory and …/orders");
            chain.doFilter(request, response);
            return;
        }
        String merchantId = route.get().matcher(request).getVariables().get("merchantId");
        Matcher header = FORMAT.matcher(request.getHeader(HEADER).strip());
        if (!header.matches()) {
            refuse(request, "must be t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<METHOD>.<path and query>.<body>\">");
            chain.doFilter(request, response);
            return;
        }
        Instant now = Instant.now(clock);
        long t = Long.parseLong(header.group(1));
        if (Math.abs(now.getEpochSecond() - t) > TOLERANCE.toSeconds()) {
            refuse(request, "is stale or from the future: t is " + (now.getEpochSecond() - t)
                    + " s from now, and at most " + TOLERANCE.toSeconds() + " s are accepted");
            chain.doFilter(request, response);
            return;
        }
        Optional<String> secret = merchants.find(merchantId).map(MerchantSettingsChanged::wms)
                .flatMap(wms -> secrets.resolve(merchantId, wms.credentialsRef()));
        if (secret.isEmpty()) {
            refuse(request, "cannot be verified: the merchant is not known or has no WMS secret (wms.credentialsRef)");
            chain.doFilter(request, response);
            return;
        }
        Mac mac = Hmac.sha256(secret.get());
        String pathAndQuery = request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        mac.update((t + "." + request.getMethod() + "." + pathAndQuery + ".").getBytes(StandardCharsets.UTF_8));
        SignedBody body;
        try {
            body = SignedBody.spool(request.getInputStream(), mac);
        } catch (BodyTooLargeException e) {
            BodyLimitFilter.tooLarge(response, e);
            return;
        }
        try (body) {
            byte[] expected = HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
            byte[] given = header.group(2).toLowerCase().getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, given)) {
                refuse(request, "does not verify: it is not the HMAC-SHA256 of t, method, path and query and body "
                        + "with the merchant's WMS secret");
                chain.doFilter(request, response);
                return;
            }
            if (!seen.firstUse(header.group(2).toLowerCase(), now, Instant.ofEpochSecond(t).plus(TOLERANCE))) {
                refuse(request, "was already used (a replay); sign every push anew");
                chain.doFilter(request, response);
                return;
            }
            var context = contexts.createEmptyContext();
            context.setAuthentication(new ApiCallerAuthentication(
                    new ApiCaller.Merchant(merchantId, KeyScope.PUSH, "signature")));
            contexts.setContext(context);
            chain.doFilter(new SpooledRequest(request, body), response);
        }
    }

    /**
     * The header value a WMS sends: {@code t=<t>,v1=<hex HMAC-SHA256 of "<t>.<METHOD>.<path and query>.<body>">}.
     * {@code pathAndQuery} is the request's path and query exactly as sent (e.g.
     * {@code /api/merchants/acme/inventory?warehouseId=EAST}).
     */
    public static String sign(String secret, long t, String method, String pathAndQuery, byte[] body) {
        Mac mac = Hmac.sha256(secret);
        mac.update((t + "." + method + "." + pathAndQuery + ".").getBytes(StandardCharsets.UTF_8));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static void refuse(HttpServletRequest request, String message) {
        new AuthenticationFault(HEADER, message).setOn(request);
    }

    /** The request with its body read back from the spooled, verified copy. */
    private static final class SpooledRequest extends HttpServletRequestWrapper {

        private final SignedBody body;

        SpooledRequest(HttpServletRequest request, SignedBody body) {
            super(request);
            this.body = body;
        }

        @Override
        public long getContentLengthLong() {
            return body.length();
        }

        @Override
        public int getContentLength() {
            return body.length() > Integer.MAX_VALUE ? -1 : (int) body.length();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            InputStream in = body.open();
            return new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    finished = n < 0;
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the spooled body is read blocking");
                }
            };
        }
    }
}
