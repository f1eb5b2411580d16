package io.invsync.diagnostics.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InvalidFieldException;
import io.invsync.diagnostics.model.ReadModels;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.security.ApiCaller;

@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final ReadModels models;

    DeadLetterController(DeadLetters deadLetters, ReadModels models) {
        this.deadLetters = deadLetters;
        this.models = models;
    }

    /** Counts per source topic since this instance started, and the last few dead letters, newest first. */
    @GetMapping("/api/diagnostics/dead-letters")
    Map<String, Object> deadLetters(@RequestParam(required = false) String topic) {
        if (topic != null && !Topics.ALL.contains(topic)) {
            throw new InvalidFieldException("topic", "must be one of " + Topics.ALL + ", was '" + topic + "'");
        }
        List<DeadLetters.RecentDeadLetter> items = deadLetters.recent(topic);
        Optional<String> only = ApiCaller.onlyMerchant();
        if (only.isPresent()) {
            // a merchant key sees its own merchant's dead letters, and no counts of other merchants'
            List<DeadLetters.RecentDeadLetter> own = items.stream()
                    .filter(item -> merchantOf(item).filter(only.get()::equals).isPresent()).toList();
            return Map.of("merchantId", only.get(), "items", own);
        }
        return Map.of("counts", deadLetters.counts(), "items", items);
    }

    /** Whose record a dead letter is: the key leads with the merchant, or with the cart (whose merchant is known). */
    private Optional<String> merchantOf(DeadLetters.RecentDeadLetter item) {
        if (item.key() == null || item.topic() == null || Topics.MERCHANT_KEYS.equals(item.topic())) {
            return Optional.empty();
        }
        String owner = Keys.owner(item.key());
        boolean cartFlow = Topics.CARTS.equals(item.topic()) || Topics.CART_PRODUCTS.equals(item.topic())
                || Topics.CART_PUSH_RESULTS.equals(item.topic());
        return cartFlow ? models.local().cart(owner).map(CartSettingsChanged::merchantId) : Optional.of(owner);
    }
}
