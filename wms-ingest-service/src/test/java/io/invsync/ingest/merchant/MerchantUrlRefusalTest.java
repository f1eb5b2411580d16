package io.invsync.ingest.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.invsync.support.OutboundPolicy;
import io.invsync.support.ProblemDetailsAdvice;
import io.invsync.support.Secrets;

/**
 * A WMS url is judged when saved, as written, with no allowance: nothing is connected to or looked up. The
 * controller has no directory, history or publisher behind it, so a refused save also stops before all of them.
 */
class MerchantUrlRefusalTest {

    private ServerSocket listener;
    private MockMvc mvc;

    @BeforeEach
    void setUp() throws Exception {
        listener = new ServerSocket(0);
        listener.setSoTimeout(1);
        var secrets = new Secrets(new MockEnvironment().withProperty(Secrets.GRANTS_PROPERTY, "WMS=m1"), null);
        var controller = new MerchantController(null, null, null, Clock.systemUTC(), new OutboundPolicy(""), secrets);
        mvc = MockMvcBuilders.standaloneSetup(controller).setControllerAdvice(new ProblemDetailsAdvice()).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        listener.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/", "http://10.0.0.1/", "https://localhost/",
            "https://127.0.0.1:%d/", "http://localhost:%d/", "https://wms:secret@wms.example.com/"})
    void aWmsUrlThatLeadsInsideIsRefusedWithProblemJsonWithoutAnyConnection(String url) throws Exception {
        mvc.perform(put("/api/merchants/m1").contentType(MediaType.APPLICATION_JSON).content("""
                        {"inventorySync":"ON","wms":{"type":"HTTP_JSON","url":"%s","credentialsRef":"WMS"}}"""
                        .formatted(url.formatted(listener.getLocalPort()))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("wms.url"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("secret"))));

        try (var ignored = listener.accept()) {
            assertThat(ignored).as("a connection at save time").isNull();
        } catch (SocketTimeoutException expected) {
            // nobody connected
        }
    }
}
