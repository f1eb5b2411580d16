package io.invsync.diagnostics.deadletter;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InvalidFieldException;
import io.invsync.events.Topics;

@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Counts per source topic since this instance started, and the last few dead letters, newest first. */
    @GetMapping("/api/diagnostics/dead-letters")
    Map<String, Object> deadLetters(@RequestParam(required = false) String topic) {
        if (topic != null && !Topics.ALL.contains(topic)) {
            throw new InvalidFieldException("topic", "must be one of " + Topics.ALL + ", was '" + topic + "'");
        }
        List<DeadLetters.RecentDeadLetter> items = deadLetters.recent(topic);
        return Map.of("counts", deadLetters.counts(), "items", items);
    }
}
