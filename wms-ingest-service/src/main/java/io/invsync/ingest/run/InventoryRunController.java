package io.invsync.ingest.run;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InventoryRunRecorded;

@RestController
class InventoryRunController {

    private final InventoryRunHistory history;

    InventoryRunController(InventoryRunHistory history) {
        this.history = history;
    }

    @GetMapping("/api/merchants/{merchantId}/inventory-runs")
    List<InventoryRunRecorded> history(@PathVariable String merchantId) {
        return history.history(merchantId);
    }
}
