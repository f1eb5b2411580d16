package io.invsync.cartpush.amazon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.databind.JsonNode;

/**
 * The {@code JSON_LISTINGS_FEED} documents (Amazon's listings-feed-schema-v2): the feed invsync uploads, one PATCH
 * message per SKU replacing its merchant-fulfilled quantity, and what the processing report says of each message.
 * Pure functions.
 */
final class ListingsFeed {

    static final String FEED_TYPE = "JSON_LISTINGS_FEED";
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";

    private ListingsFeed() {
    }

    /** One SKU's quantity, with the product type its listing has (which a PATCH must name). */
    record Message(String sku, String productType, long quantity) {
    }

    /** A feed's messages, numbered from 1: messageId → SKU is how the processing report is read. */
    record Document(byte[] json, Map<Integer, String> skuByMessageId) {
    }

    static Document document(String sellerId, List<Message> messages) {
        List<Map<String, Object>> body = new ArrayList<>();
        Map<Integer, String> skus = new LinkedHashMap<>();
        int messageId = 0;
        for (Message message : messages) {
            messageId++;
            skus.put(messageId, message.sku());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("messageId", messageId);
            entry.put("sku", message.sku());
            entry.put("operationType", "PATCH");
            entry.put("productType", message.productType());
            entry.put("patches", AmazonConnector.fulfillmentAvailability(message.quantity()));
            body.add(entry);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("sellerId", sellerId);
        header.put("version", "2.0");
        header.put("issueLocale", "en_US");
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("header", header);
        feed.put("messages", body);
        return new Document(EventJson.write(feed), Map.copyOf(skus));
    }

    /**
     * Each message's outcome from the processing report of a feed that ended {@code DONE} or {@code FATAL}: a
     * message with an ERROR issue is REJECTED with its issues; WARNING and INFO issues do not stop a message. The
     * others are PUSHED (accepted: Amazon applies them) when the report's summary counts them as accepted. When it
     * counts fewer, which of them were applied is unknown: FAILED, with what the report says of the feed as a whole.
     * A FATAL feed applied nothing: the others are REJECTED with the feed's own errors.
     */
    static Map<String, ItemResult> results(JsonNode report, Map<Integer, String> skuByMessageId, String feedId,
            boolean fatal) {
        Map<Integer, List<String>> errors = new LinkedHashMap<>();
        List<String> feedErrors = new ArrayList<>();
        for (JsonNode issue : report.path("issues")) {
            if (!"ERROR".equals(issue.path("severity").asString(""))) {
                continue;
            }
            String text = (issue.path("code").asString("") + " " + issue.path("message").asString("")).strip();
            int messageId = issue.path("messageId").asInt(0);
            if (skuByMessageId.containsKey(messageId)) {
                errors.computeIfAbsent(messageId, id -> new ArrayList<>()).add(text);
            } else {
                feedErrors.add(text);
            }
        }
        int withoutErrors = skuByMessageId.size() - errors.size();
        JsonNode accepted = report.path("summary").path("messagesAccepted");
        String feedWide = feedErrors.isEmpty() ? "" : ": " + String.join("; ", feedErrors);
        String unaccounted;
        if (fatal) {
            unaccounted = "Amazon could not process feed " + feedId + " (FATAL)" + feedWide;
        } else if (!accepted.isIntegralNumber() || accepted.asInt() < withoutErrors) {
            unaccounted = "Amazon's processing report of feed " + feedId + " accounts for " + (accepted.isIntegralNumber()
                    ? accepted.asInt() : 0) + " accepted of " + withoutErrors + " messages without errors, so whether "
                    + "this one was applied is unknown" + feedWide;
        } else {
            unaccounted = null;
        }
        PushOutcome unaccountedOutcome = fatal ? PushOutcome.REJECTED : PushOutcome.FAILED;
        Map<String, ItemResult> results = new LinkedHashMap<>();
        skuByMessageId.forEach((messageId, sku) -> {
            List<String> own = errors.get(messageId);
            if (own != null) {
                results.put(sku, new ItemResult(sku, PushOutcome.REJECTED, "Amazon's feed " + feedId
                        + " refused it: " + String.join("; ", own)));
            } else if (unaccounted != null) {
                results.put(sku, new ItemResult(sku, unaccountedOutcome, unaccounted));
            } else {
                results.put(sku, new ItemResult(sku, PushOutcome.PUSHED, null));
            }
        });
        return results;
    }
}
