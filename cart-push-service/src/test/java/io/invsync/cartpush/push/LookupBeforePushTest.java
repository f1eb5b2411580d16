package io.invsync.cartpush.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.events.PushOutcome;

class LookupBeforePushTest {

    private static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }

    private final LookupBeforePush lookupFirst = new LookupBeforePush(2, Refused.class,
            value -> "no sku '" + value + "'", "untracked");
    private final List<List<String>> asked = new ArrayList<>();

    private static PushItem unread(String value) {
        return new PushItem(value, "p", 3, null, null);
    }

    @Test
    void looksUpOnlyTheUnreadItemsInChunksAndSendsTheTrackedOnesInTheOrderAsked() {
        List<PushItem> items = List.of(unread("A"), new PushItem("B", "p", 1, "ref-B", 0L), unread("C"), unread("D"),
                unread("E"));

        LookupBeforePush.Resolved resolved = lookupFirst.resolve(items, values -> {
            asked.add(values);
            return values.stream().map(value -> switch (value) {
                case "C" -> new CatalogItem(value, false, false, null, null);
                case "D" -> new CatalogItem(value, true, false, "ref-D", 4L);
                default -> new CatalogItem(value, true, true, "ref-" + value, 4L);
            }).toList();
        });

        assertThat(asked).containsExactly(List.of("A", "C"), List.of("D", "E"));
        assertThat(resolved.known()).extracting(LookupBeforePush.Known::cartItemRef)
                .containsExactly("ref-A", "ref-B", "ref-E");
        assertThat(resolved.results()).containsExactly(new ItemResult("C", PushOutcome.NOT_IN_CART, "no sku 'C'"),
                new ItemResult("D", PushOutcome.TRACKING_DISABLED, "untracked"));
    }

    @Test
    void aRefusedLookupRejectsItsChunkOnlyAndAnyOtherFailureFailsThePush() {
        LookupBeforePush.Resolved resolved = lookupFirst.resolve(List.of(unread("A"), unread("B"), unread("C")),
                values -> {
                    if (values.contains("A")) {
                        throw new Refused("HTTP 403");
                    }
                    return values.stream().map(value -> new CatalogItem(value, true, true, "ref", null)).toList();
                });

        assertThat(resolved.results()).extracting(ItemResult::aliasValue, ItemResult::outcome, ItemResult::reason)
                .containsExactly(Tuple.tuple("A", PushOutcome.REJECTED,
                        "looking it up before the push: HTTP 403"), Tuple.tuple("B",
                        PushOutcome.REJECTED, "looking it up before the push: HTTP 403"));
        assertThat(resolved.known()).extracting(known -> known.item().aliasValue()).containsExactly("C");
        assertThatThrownBy(() -> lookupFirst.resolve(List.of(unread("A")), values -> {
            throw new RetryableCartException("the store answered HTTP 503", (Duration) null);
        })).isInstanceOf(RetryableCartException.class);
    }
}
