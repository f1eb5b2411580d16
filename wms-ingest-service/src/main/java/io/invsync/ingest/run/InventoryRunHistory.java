package io.invsync.ingest.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.invsync.events.InventoryRunRecorded;

/**
 * The recent inventory runs of each merchant, newest first, rebuilt on start from the runs topic. A run appears
 * twice on the topic (started, then finished); the later record replaces the earlier one here.
 */
@Component
public class InventoryRunHistory {

    static final int KEPT_PER_MERCHANT = 100;

    private final Map<String, Deque<InventoryRunRecorded>> runs = new ConcurrentHashMap<>();

    public Optional<InventoryRunRecorded> last(String merchantId) {
        Deque<InventoryRunRecorded> history = runs.get(merchantId);
        if (history == null) {
            return Optional.empty();
        }
        synchronized (history) {
            return Optional.ofNullable(history.peekFirst());
        }
    }

    public List<InventoryRunRecorded> history(String merchantId) {
        Deque<InventoryRunRecorded> history = runs.get(merchantId);
        if (history == null) {
            return List.of();
        }
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public void remember(InventoryRunRecorded run) {
        Deque<InventoryRunRecorded> history = runs.computeIfAbsent(run.merchantId(), m -> new ArrayDeque<>());
        synchronized (history) {
            InventoryRunRecorded held = history.stream().filter(r -> r.runId().equals(run.runId())).findFirst()
                    .orElse(null);
            if (held != null) {
                if (held.status().finished() && !run.status().finished()) {
                    return; // the "started" record arrived after the "finished" one we already hold
                }
                history.remove(held);
            }
            history.addFirst(run);
            List<InventoryRunRecorded> sorted = history.stream()
                    .sorted((a, b) -> b.startedAt().compareTo(a.startedAt())).limit(KEPT_PER_MERCHANT).toList();
            history.clear();
            history.addAll(sorted);
        }
    }
}
