package io.invsync.cartpush.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.databind.JsonNode;

/** The feed document, the reading of a processing report, and the secret's format: pure functions. */
class AmazonListingsFeedTest {

    private static final Map<Integer, String> SKUS = Map.of(1, "A", 2, "B", 3, "C");

    private static JsonNode report(String issues, String summary) {
        return EventJson.mapper().readTree("{\"header\":{\"sellerId\":\"S\",\"version\":\"2.0\",\"feedId\":\"9\"},"
                + "\"issues\":[" + issues + "],\"summary\":" + summary + "}");
    }

    private static String summary(int accepted, int invalid) {
        return "{\"errors\":" + invalid + ",\"warnings\":0,\"messagesProcessed\":" + (accepted + invalid)
                + ",\"messagesAccepted\":" + accepted + ",\"messagesInvalid\":" + invalid + "}";
    }

    @Test
    void numbersMessagesFromOneAndKeepsWhichSkuEachNumberIs() {
        ListingsFeed.Document document = ListingsFeed.document("S1", List.of(
                new ListingsFeed.Message("A", "PRODUCT", 3), new ListingsFeed.Message("B", "LUGGAGE", -2)));

        JsonNode feed = EventJson.mapper().readTree(document.json());
        assertThat(document.skuByMessageId()).isEqualTo(Map.of(1, "A", 2, "B"));
        assertThat(feed.path("messages").path(1).path("messageId").asInt()).isEqualTo(2);
        assertThat(feed.path("messages").path(1).path("productType").asString()).isEqualTo("LUGGAGE");
        assertThat(feed.path("messages").path(1).path("patches").path(0).path("value").path(0).path("quantity").asLong())
                .as("a negative quantity is sent as 0").isZero();
    }

    @Test
    void anErrorIssueRejectsItsMessageAndWarningsDoNot() {
        Map<String, ItemResult> results = ListingsFeed.results(report("""
                {"messageId":2,"sku":"B","code":"8541","severity":"ERROR","message":"Suppressed."},
                {"messageId":2,"sku":"B","code":"90220","severity":"ERROR","message":"Invalid quantity."},
                {"messageId":3,"sku":"C","code":"18448","severity":"WARNING","message":"Attributes incomplete."}""",
                summary(2, 1)), SKUS, "9", false);

        assertThat(results.get("A").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("C").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("B")).isEqualTo(new ItemResult("B", PushOutcome.REJECTED,
                "Amazon's feed 9 refused it: 8541 Suppressed.; 90220 Invalid quantity."));
    }

    @Test
    void messagesTheSummaryDoesNotCountAsAcceptedAreFailedNotClaimedPushed() {
        Map<String, ItemResult> results = ListingsFeed.results(report("""
                {"messageId":1,"sku":"A","code":"8541","severity":"ERROR","message":"Suppressed."}""",
                summary(1, 1)), SKUS, "9", false);

        assertThat(results.get("A").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("B").outcome()).isEqualTo(PushOutcome.FAILED);
        assertThat(results.get("B").reason()).contains("accounts for 1 accepted of 2", "unknown");
    }

    @Test
    void aFatalFeedRejectsEveryMessageWithTheFeedsOwnErrors() {
        Map<String, ItemResult> results = ListingsFeed.results(report("""
                {"code":"4000004","severity":"ERROR","message":"The feed does not conform."}""", summary(0, 0)),
                SKUS, "9", true);

        assertThat(results.values()).hasSize(3).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
            assertThat(r.reason()).isEqualTo("Amazon could not process feed 9 (FATAL): 4000004 The feed does not "
                    + "conform.");
        });
    }

    @Test
    void readsTheThreeLoginWithAmazonCredentialsAndNamesAMissingOne() {
        LwaCredentials credentials = LwaCredentials.parse("""
                {"refreshToken":" Atzr|r ","clientId":"amzn1.application-oa2-client.x","clientSecret":"s3cr3t"}""",
                "AMZ");

        assertThat(credentials.refreshToken()).isEqualTo("Atzr|r");
        assertThat(credentials.toString()).doesNotContain("Atzr|r", "s3cr3t");
        assertThatThrownBy(() -> LwaCredentials.parse("{\"refreshToken\":\"Atzr|r\",\"clientId\":\"c\","
                + "\"clientSecret\":\"\"}", "AMZ")).hasMessageContaining("field 'clientSecret' is blank")
                .hasMessageContaining("credentialsRef 'AMZ'");
        assertThatThrownBy(() -> LwaCredentials.parse("{\"refreshToken\":7}", "AMZ"))
                .hasMessageContaining("field 'refreshToken' is not a string");
        assertThatThrownBy(() -> LwaCredentials.parse("[\"Atzr|r\"]", "AMZ")).hasMessageContaining("not a JSON object")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Atzr|r"));
    }
}
