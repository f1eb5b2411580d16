package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodyLimitFilterTest {

    private final BodyLimitFilter filter = new BodyLimitFilter(new BodyLimits(256L * 1024,
            List.of(new BodyLimits.PathLimit("/api/merchants/*/orders", 4L * 1024 * 1024)), null));

    private static MockHttpServletRequest put(String path, byte[] body) {
        var request = new MockHttpServletRequest("PUT", path);
        request.setContent(body);
        request.setContentType("application/json");
        return request;
    }

    @Test
    void answers413NamingTheBodyWhenTheContentLengthIsOverTheLimitWithoutReadingIt() throws Exception {
        var response = new MockHttpServletResponse();
        var reached = new AtomicBoolean();

        filter.doFilter(put("/api/merchants/m1", new byte[256 * 1024 + 1]), response,
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                        reached.set(true);
                    }
                }));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"field\":\"body\"", "262144");
        assertThat(reached).isFalse();
    }

    @Test
    void givesEachEndpointItsOwnLimit() {
        assertThat(filter.limitFor("/api/merchants/m1")).isEqualTo(256 * 1024);
        assertThat(filter.limitFor("/api/merchants/m1/orders")).isEqualTo(4 * 1024 * 1024);
        assertThat(filter.limitFor("/api/carts/c1/resync")).isEqualTo(256 * 1024);
    }

    @Test
    void stopsAChunkedBodyAsSoonAsItPassesTheLimit() throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/carts/c1/resync") {
            @Override
            public long getContentLengthLong() {
                return -1; // chunked: the length is not known up front
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(new byte[1024 * 1024]);
        AtomicLong read = new AtomicLong();

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(),
                (req, res) -> {
                    try (InputStream in = req.getInputStream()) {
                        byte[] buffer = new byte[8192];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            read.addAndGet(n);
                        }
                    }
                }))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("262144");
        assertThat(read.get()).isLessThanOrEqualTo(256 * 1024);
    }

    @Test
    void leavesPathsOutsideTheApiAlone() throws Exception {
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        filter.doFilter(put("/actuator/health", new byte[300 * 1024]), response, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }
}
