package io.invsync.ingest.run;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.RunTrigger;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.ingest.pull.InventoryPulls;
import io.invsync.support.NotFoundException;
import io.invsync.support.ProblemDetailsAdvice;

@RestController
class InventoryRunController {

    private final InventoryRunHistory history;
    private final MerchantDirectory merchants;
    private final InventoryPulls pulls;

    InventoryRunController(InventoryRunHistory history, MerchantDirectory merchants, InventoryPulls pulls) {
        this.history = history;
        this.merchants = merchants;
        this.pulls = pulls;
    }

    /** The merchant's recent runs, newest first. */
    @GetMapping("/api/merchants/{merchantId}/inventory-runs")
    List<InventoryRunRecorded> history(@PathVariable String merchantId) {
        merchant(merchantId);
        return history.history(merchantId);
    }

    /** Pulls from the WMS now; 202 with the run id, whose progress shows in the history. */
    @PostMapping("/api/merchants/{merchantId}/inventory-runs")
    ResponseEntity<?> runNow(@PathVariable String merchantId) {
        MerchantSettingsChanged merchant = merchant(merchantId);
        String refusal = pulls.refusal(merchant);
        if (refusal != null) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ProblemDetailsAdvice.problem(HttpStatus.CONFLICT, "inventorySync", refusal));
        }
        String runId = pulls.start(merchant, RunTrigger.MANUAL);
        return ResponseEntity.accepted().body(Map.of("merchantId", merchantId, "runId", runId, "status", "RUNNING"));
    }

    private MerchantSettingsChanged merchant(String merchantId) {
        return merchants.find(merchantId)
                .orElseThrow(() -> new NotFoundException("merchantId", "merchant '" + merchantId + "' is not known"));
    }
}
