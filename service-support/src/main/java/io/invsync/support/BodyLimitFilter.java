package io.invsync.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.invsync.support.security.ApiProblems;

/**
 * Every API body has a size limit (DESIGN §7): a Content-Length over it is answered 413 before anything reads the
 * body, and a body without one (chunked) is counted as it is read, so that the read fails with
 * {@link BodyTooLargeException} (413) as soon as it passes the limit, without ever holding it.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    private record Rule(PathPattern pattern, long maxBytes) {
    }

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final long defaultLimit;
    private final List<Rule> rules;

    public BodyLimitFilter(BodyLimits limits) {
        this.defaultLimit = limits.maxBodyBytes();
        this.rules = limits.bodyLimits().stream()
                .map(l -> new Rule(PathPatternParser.defaultInstance.parse(l.path()), l.maxBytes())).toList();
    }

    /** The limit for a path within the application: the first matching rule's, else the default. */
    public long limitFor(String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Rule rule : rules) {
            if (rule.pattern().matches(container)) {
                return rule.maxBytes();
            }
        }
        return defaultLimit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PATHS.getPathWithinApplication(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(PATHS.getPathWithinApplication(request));
        long length = request.getContentLengthLong();
        if (length > limit) {
            tooLarge(response, new BodyTooLargeException(length, limit));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    /** The 413 problem, for filters (no handler has run yet). */
    public static void tooLarge(HttpServletResponse response, BodyTooLargeException e) throws IOException {
        // closing the connection spares the server reading (and the client sending) the rest of the body
        response.setHeader("Connection", "close");
        ApiProblems.write(response, 413, "Content Too Large", e.getMessage(), "body", e.getMessage());
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedServletStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class LimitedServletStream extends ServletInputStream {

        private final ServletInputStream original;
        private final LimitedInputStream limited;

        LimitedServletStream(ServletInputStream original, long limit) {
            this.original = original;
            this.limited = new LimitedInputStream(original, limit);
        }

        @Override
        public int read() throws IOException {
            return limited.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return limited.read(buffer, offset, length);
        }

        @Override
        public long skip(long n) throws IOException {
            return limited.skip(n);
        }

        @Override
        public int available() throws IOException {
            return original.available();
        }

        @Override
        public boolean isFinished() {
            return original.isFinished();
        }

        @Override
        public boolean isReady() {
            return original.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            original.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            original.close();
        }
    }
}
