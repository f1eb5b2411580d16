package io.invsync.ingest.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.Keys;
import io.invsync.events.Limits;
import io.invsync.events.Topics;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.support.EventPublisher;
import io.invsync.support.NotFoundException;
import tools.jackson.databind.JsonNode;

/**
 * Order lines the carts took, {@code {lines:[{orderId, cartId?, sku, quantity, placedAt}]}}: until the WMS has
 * them in its allocation, cart-push-service holds their quantity back so the carts do not sell it twice. Each
 * line is checked on its own; valid lines go through.
 */
@RestController
class OrderController {

    private final MerchantDirectory merchants;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration clockSkew;

    OrderController(MerchantDirectory merchants, EventPublisher publisher, Clock clock,
            @Value("${invsync.ingest.clock-skew:PT5M}") Duration clockSkew) {
        this.merchants = merchants;
        this.publisher = publisher;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    record Rejection(int line, String field, String reason) {
    }

    record Received(int read, int accepted, int rejected, List<Rejection> rejections) {
    }

    @PostMapping(path = "/api/merchants/{merchantId}/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    Received receive(@PathVariable String merchantId, @RequestBody JsonNode body) {
        if (merchants.find(merchantId).isEmpty()) {
            throw new NotFoundException("merchantId", "merchant '" + merchantId + "' is not known");
        }
        JsonNode lines = body.get("lines");
        if (lines == null || !lines.isArray()) {
            throw new InvalidFieldException("lines", "is required and must be an array");
        }
        Instant now = Instant.now(clock);
        var sends = publisher.sends();
        List<Rejection> rejections = new ArrayList<>();
        int number = 0;
        for (JsonNode line : lines) {
            number++;
            try {
                CartOrderLineReceived order = line(merchantId, line, now);
                sends.publish(Topics.CART_ORDERS, Keys.sku(merchantId, order.sku()), order);
            } catch (InvalidFieldException e) {
                rejections.add(new Rejection(number, e.field(), e.getMessage()));
            }
        }
        sends.awaitAcknowledged();
        return new Received(number, number - rejections.size(), rejections.size(), rejections);
    }

    private CartOrderLineReceived line(String merchantId, JsonNode line, Instant now) {
        if (!line.isObject()) {
            throw new InvalidFieldException("line", "must be an object");
        }
        String orderId = text(line, "orderId");
        String sku = text(line, "sku");
        Limits.requireLength("orderId", orderId, Limits.MAX_ID);
        Limits.requireLength("sku", sku, Limits.MAX_ID);
        String cartId = text(line, "cartId");
        if (cartId != null) {
            Keys.requireId("cartId", cartId);
        }
        JsonNode quantity = line.get("quantity");
        if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToLong()
                || quantity.asLong() <= 0 || quantity.asLong() > 1_000_000) {
            throw new InvalidFieldException("quantity", "must be a whole number from 1 to 1000000, was "
                    + (quantity == null ? "missing" : Limits.quote(quantity.toString())));
        }
        String placedAt = text(line, "placedAt");
        Instant placed;
        try {
            placed = placedAt == null ? now : Instant.parse(placedAt);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("placedAt", "must be an ISO-8601 instant, was " + Limits.quote(placedAt));
        }
        // a line dated in the future would hold its stock back until then (the clock rule)
        Limits.requireNotFuture("placedAt", placed, now, clockSkew);
        return new CartOrderLineReceived(merchantId, orderId, cartId, sku, quantity.asLong(), placed, now);
    }

    private static String text(JsonNode line, String field) {
        JsonNode node = line.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

}
