package io.invsync.cartpush.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.ServerSocket;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Cart settings are judged when saved, as written: nothing is connected to or looked up. The controller here has
 * no state, planner or publisher behind it, so a refused save is also shown to stop before any of them.
 * (CartPushFlowTest saves through the whole service with the loopback allowance.)
 */
class CartSettingsRefusalTest {

    private ServerSocket listener;
    private MockMvc mvc;

    @BeforeEach
    void setUp() throws Exception {
        listener = new ServerSocket(0);
        listener.setSoTimeout(1);
        var secrets = new Secrets(new MockEnvironment().withProperty(Secrets.GRANTS_PROPERTY, "HOOK=m1"), null);
        var controller = new CartController(null, null, null, null, null, Clock.systemUTC(),
                new OutboundPolicy(""), secrets);
        mvc = MockMvcBuilders.standaloneSetup(controller).setControllerAdvice(new ProblemDetailsAdvice()).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        listener.close();
    }

    private static String cart(String baseUrl, String credentialsRef) {
        return """
                {"merchantId":"m1","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s"}""".formatted(baseUrl,
                credentialsRef);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/", "http://10.0.0.1/", "https://localhost/",
            "https://127.0.0.1:%d/", "http://localhost:%d/"})
    void aBaseUrlThatLeadsInsideIsRefusedWithProblemJsonWithoutAnyConnection(String baseUrl) throws Exception {
        String url = baseUrl.formatted(listener.getLocalPort());

        mvc.perform(put("/api/carts/c1").contentType(MediaType.APPLICATION_JSON).content(cart(url, "HOOK")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("baseUrl"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("baseUrl")));

        assertThat(nobodyConnected()).isTrue();
    }

    @Test
    void aCredentialsRefNotGrantedToTheCartsMerchantIsRefused() throws Exception {
        mvc.perform(put("/api/carts/c1").contentType(MediaType.APPLICATION_JSON)
                        .content(cart("https://shop.example.com", "OTHER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("credentialsRef"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not granted")));
    }

    private boolean nobodyConnected() throws Exception {
        try (var ignored = listener.accept()) {
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }
}
