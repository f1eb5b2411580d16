package io.invsync.cartpush.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.events.PushOutcome;

/**
 * The look-up a push makes first when the cart would accept a quantity for an item it does not have (or would drop
 * it silently): items pushed without a catalog read ({@code cartItemRef} null) are looked up, {@code chunkSize} at a
 * time, so that an unknown item is NOT_IN_CART and an untracked one TRACKING_DISABLED, never sent and never reported
 * PUSHED. A look-up the vendor refuses ({@code refusal}, not worth retrying) rejects the items it was for; anything
 * else it throws (a {@link RetryableCartException}) fails the push as a whole. Each vendor gives its look-up and its
 * wording.
 *
 * @param notInCart the reason of an alias value the cart does not have
 * @param untracked the reason of an item whose inventory the cart does not track
 */
public record LookupBeforePush(int chunkSize, Class<? extends RuntimeException> refusal,
        Function<String, String> notInCart, String untracked) {

    public LookupBeforePush {
        chunkSize = Math.max(1, chunkSize);
    }

    /** A vendor's catalog read of some alias values: one item per value. */
    @FunctionalInterface
    public interface Lookup {
        List<CatalogItem> read(List<String> aliasValues);
    }

    /** An item that can be sent, with the cart's reference for it (from the catalog read or the look-up). */
    public record Known(PushItem item, String cartItemRef) {
    }

    /** The items to send, in the order asked, and the results of those not to send. */
    public record Resolved(List<Known> known, List<ItemResult> results) {
    }

    public Resolved resolve(List<PushItem> items, Lookup lookup) {
        Map<String, String> refs = new HashMap<>();
        List<String> unread = new ArrayList<>();
        for (PushItem item : items) {
            if (item.cartItemRef() == null) {
                unread.add(item.aliasValue());
            } else {
                refs.put(item.aliasValue(), item.cartItemRef());
            }
        }
        List<ItemResult> results = new ArrayList<>();
        for (int from = 0; from < unread.size(); from += chunkSize) {
            List<String> chunk = unread.subList(from, Math.min(unread.size(), from + chunkSize));
            List<CatalogItem> reads;
            try {
                reads = lookup.read(chunk);
            } catch (RuntimeException e) {
                if (!refusal.isInstance(e)) {
                    throw e;
                }
                chunk.forEach(value -> results.add(new ItemResult(value, PushOutcome.REJECTED,
                        "looking it up before the push: " + e.getMessage())));
                continue;
            }
            for (CatalogItem read : reads) {
                if (!read.exists()) {
                    results.add(new ItemResult(read.aliasValue(), PushOutcome.NOT_IN_CART,
                            notInCart.apply(read.aliasValue())));
                } else if (!read.inventoryTracked()) {
                    results.add(new ItemResult(read.aliasValue(), PushOutcome.TRACKING_DISABLED, untracked));
                } else {
                    refs.put(read.aliasValue(), read.cartItemRef());
                }
            }
        }
        List<Known> known = items.stream().filter(item -> refs.containsKey(item.aliasValue()))
                .map(item -> new Known(item, refs.get(item.aliasValue()))).toList();
        return new Resolved(known, results);
    }
}
