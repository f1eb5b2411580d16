package io.invsync.diagnostics.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.diagnostics.explain.Check;
import io.invsync.diagnostics.explain.CheckId;
import io.invsync.diagnostics.explain.Checklist;
import io.invsync.diagnostics.explain.Diagnostics;
import io.invsync.diagnostics.explain.Explanation;
import io.invsync.diagnostics.metrics.SyncLagHistogram;
import io.invsync.diagnostics.model.ReadModel;
import io.invsync.diagnostics.model.ReadModels;
import io.invsync.support.streams.StateStores;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InvalidFieldException;
import io.invsync.support.NotFoundException;
import io.invsync.support.security.ApiCaller;

/**
 * Explanations, checks and discrepancies of a merchant are answered by the instance that holds the merchant's
 * partition; any other instance passes the request on (the caller's key goes along). The merchant list is
 * gathered from every instance.
 */
@RestController
@Validated
@RequestMapping("/api/diagnostics")
class DiagnosticsController {

    private final Diagnostics diagnostics;
    private final ReadModels models;
    private final SyncLagHistogram syncLag;

    DiagnosticsController(Diagnostics diagnostics, ReadModels models, SyncLagHistogram syncLag) {
        this.diagnostics = diagnostics;
        this.models = models;
        this.syncLag = syncLag;
    }

    /** The instance to pass the request to, or null when this one holds the merchant (or was asked for its own). */
    private HostInfo holder(String merchantId, boolean localOnly) {
        return localOnly ? null : models.ownerOf(io.invsync.events.Keys.merchant(merchantId));
    }


    @GetMapping("/merchants/{merchantId}/carts/{cartId}/skus/{aliasValue}")
    Explanation explain(@PathVariable String merchantId, @PathVariable String cartId, @PathVariable String aliasValue,
            HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        HostInfo holder = holder(merchantId, localOnly);
        if (holder != null) {
            return models.stores().forward(holder, HttpMethod.GET, StateStores.pathAndQuery(request), Explanation.class);
        }
        return diagnostics.explain(merchantId, cartId, aliasValue);
    }

    /**
     * What happened to the value, newest first: the levels received for its products, the quantities planned, the
     * pushes and their outcomes, the cart's reads (with drift). {@code before} pages back (the answer's own
     * {@code before}); at most {@link io.invsync.diagnostics.model.SyncHistory#KEEP} events are kept per value, none
     * older than 30 days.
     */
    @GetMapping("/merchants/{merchantId}/carts/{cartId}/skus/{aliasValue}/history")
    io.invsync.diagnostics.model.SyncHistory.Page history(@PathVariable String merchantId, @PathVariable String cartId,
            @PathVariable String aliasValue, @RequestParam(required = false) java.time.Instant before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        HostInfo holder = holder(merchantId, localOnly);
        if (holder != null) {
            return models.stores().forward(holder, HttpMethod.GET, StateStores.pathAndQuery(request),
                    io.invsync.diagnostics.model.SyncHistory.Page.class);
        }
        return diagnostics.history(merchantId, cartId, aliasValue, before, limit);
    }

    /** Every merchant the read model knows, with its carts: what the web page offers to pick from. */
    @GetMapping("/merchants")
    List<Map<String, Object>> merchants(HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        // a merchant key sees its own merchant only
        var only = ApiCaller.onlyMerchant();
        ReadModel model = models.local();
        java.util.SortedSet<String> ids = new java.util.TreeSet<>(model.merchantIds());
        if (!localOnly) {
            // merchants known only by their runs or warehouses are held by the instance of their partition
            List<Map<String, Object>> elsewhere = models.stores().everywhere(
                    io.invsync.diagnostics.model.ReadModelTopology.LEVELS, false, List::of, StateStores.pathAndQuery(request),
                    List.class, list -> (List<Map<String, Object>>) list);
            elsewhere.forEach(m -> ids.add(String.valueOf(m.get("merchantId"))));
        }
        return ids.stream().filter(m -> only.isEmpty() || only.get().equals(m)).map(merchantId -> {
            Map<String, Object> merchant = new LinkedHashMap<>();
            merchant.put("merchantId", merchantId);
            merchant.put("name", model.merchant(merchantId).map(m -> m.name()).orElse(null));
            merchant.put("carts", model.cartsOf(merchantId).stream()
                    .sorted(Comparator.comparing(CartSettingsChanged::cartId))
                    .map(c -> Map.of("cartId", c.cartId(), "type", c.type().name(), "syncWarehouse",
                            c.syncWarehouse(), "locations", c.locations(), "pushAlias", c.pushAlias()))
                    .toList());
            return merchant;
        }).toList();
    }

    /** The merchant-level checks and the merchant's carts. */
    @GetMapping("/merchants/{merchantId}")
    Map<?, ?> merchant(@PathVariable String merchantId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        HostInfo holder = holder(merchantId, localOnly);
        if (holder != null) {
            return models.stores().forward(holder, HttpMethod.GET, StateStores.pathAndQuery(request), Map.class);
        }
        List<Check> checks = diagnostics.merchantChecks(merchantId);
        return Map.of("merchantId", merchantId, "checks", checks,
                "carts", models.local().cartsOf(merchantId).stream().map(c -> c.cartId()).sorted().toList());
    }

    /**
     * Every alias value of the cart that is not in sync, with its cause. Sorted by {@code cause} (checklist order,
     * then value) or {@code age} (oldest last sync first, never-synced first of all); {@code cause} keeps the values
     * of one cause only. {@code drift}: the cause is QUANTITY_MATCH and a read of the cart found the difference.
     */
    @GetMapping("/merchants/{merchantId}/carts/{cartId}/discrepancies")
    Map<?, ?> discrepancies(@PathVariable String merchantId, @PathVariable String cartId,
            @RequestParam(defaultValue = "cause") String sort, @RequestParam(required = false) String cause,
            @RequestParam(defaultValue = "json") String format,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        if (!format.equals("json")) {
            // format=csv is answered by discrepanciesCsv
            throw new InvalidFieldException("format", "must be 'json' or 'csv', was '" + format + "'");
        }
        HostInfo holder = holder(merchantId, localOnly);
        if (holder != null) {
            return models.stores().forward(holder, HttpMethod.GET, StateStores.pathAndQuery(request), Map.class);
        }
        List<Discrepancy> items = discrepancyList(merchantId, cartId, sort, cause);
        return Map.of("merchantId", merchantId, "cartId", cartId, "total", items.size(), "offset", offset, "limit",
                limit, "items", items.stream().skip(offset).limit(limit).toList());
    }

    /**
     * The same report as CSV, for a spreadsheet: one row per value of the page asked for (the same sort, cause,
     * offset and limit), as an attachment named after the merchant and cart.
     */
    @GetMapping(path = "/merchants/{merchantId}/carts/{cartId}/discrepancies", params = "format=csv",
            produces = "text/csv")
    ResponseEntity<String> discrepanciesCsv(@PathVariable String merchantId, @PathVariable String cartId,
            @RequestParam(defaultValue = "cause") String sort, @RequestParam(required = false) String cause,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        HostInfo holder = holder(merchantId, localOnly);
        String csv = holder != null
                ? models.stores().forward(holder, HttpMethod.GET, StateStores.pathAndQuery(request), String.class)
                : DiscrepancyCsv.write(discrepancyList(merchantId, cartId, sort, cause).stream().skip(offset)
                        .limit(limit).toList());
        String filename = "discrepancies-" + fileSafe(merchantId) + "-" + fileSafe(cartId) + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", Map.of("charset", "UTF-8", "header", "present")))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build()
                        .toString())
                .body(csv);
    }

    /**
     * The overview of a cart for the web page: its values by verdict and by cause (the discrepancy counts the read
     * model keeps; nothing is explained for it), this instance's sync-lag histogram of the cart, the merchant's last
     * inventory run and the cart's reads.
     */
    @GetMapping("/merchants/{merchantId}/carts/{cartId}/overview")
    CartOverview overview(@PathVariable String merchantId, @PathVariable String cartId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        HostInfo holder = holder(merchantId, localOnly);
        if (holder != null) {
            return models.stores().forward(holder, HttpMethod.GET, StateStores.pathAndQuery(request),
                    CartOverview.class);
        }
        ReadModel model = models.local();
        CartSettingsChanged cart = model.cart(cartId).filter(c -> c.merchantId().equals(merchantId))
                .orElseThrow(() -> new NotFoundException("cartId", "cart '" + cartId + "' of merchant '" + merchantId
                        + "' is not known"));
        return CartOverview.of(model, cart, models.discrepancyCounts(merchantId, cartId),
                syncLag.of(merchantId, cartId), diagnostics.now());
    }

    /** One row of the discrepancy report. */
    record Discrepancy(String aliasValue, String cause, boolean drift, String finding,
            Explanation.Quantities quantities, String lastSync) {
    }

    private List<Discrepancy> discrepancyList(String merchantId, String cartId, String sort, String cause) {
        Comparator<Explanation> order = switch (sort) {
            case "cause" -> Comparator.comparing((Explanation e) -> causeRank(e))
                    .thenComparing(Explanation::aliasValue);
            case "age" -> Comparator.comparing((Explanation e) -> lastSync(e)).thenComparing(Explanation::aliasValue);
            default -> throw new InvalidFieldException("sort", "must be 'cause' or 'age', was '" + sort + "'");
        };
        if (cause != null && !Checklist.ORDER.contains(cause)) {
            throw new InvalidFieldException("cause", "must be one of " + Checklist.ORDER + ", was '" + cause + "'");
        }
        List<Explanation> notSynced = new ArrayList<>();
        diagnostics.explainCart(merchantId, cartId, e -> {
            if (e.verdict() == Explanation.Verdict.NOT_SYNCED && (cause == null || cause.equals(e.cause()))) {
                notSynced.add(e);
            }
        });
        return notSynced.stream()
                .sorted(order)
                .map(e -> new Discrepancy(e.aliasValue(), e.cause(), drift(e), finding(e), e.quantities(),
                        lastSyncShown(e)))
                .toList();
    }

    /** QUANTITY_MATCH failed on what a read of the cart said (not on what invsync's last push left). */
    private static boolean drift(Explanation e) {
        return "QUANTITY_MATCH".equals(e.cause()) && e.checks().stream()
                .anyMatch(c -> c.id() == CheckId.QUANTITY_MATCH && "cart read".equals(c.evidence().get("source")));
    }

    /** An id as part of a file name: anything but letters, digits, dot, dash and underscore becomes '_'. */
    private static String fileSafe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static int causeRank(Explanation e) {
        return Checklist.ORDER.indexOf(e.cause());
    }

    private static String finding(Explanation e) {
        return e.checks().stream().filter(c -> c.id().name().equals(e.cause())).map(Check::finding).findFirst().orElse("");
    }

    private static String lastSyncShown(Explanation e) {
        String lastSync = lastSync(e);
        return lastSync.startsWith("0") ? "never" : lastSync;
    }

    /** The last sync time as text for sorting: "never" sorts before every ISO time ("0" < "2"). */
    private static String lastSync(Explanation e) {
        return e.checks().stream().filter(c -> c.id() == CheckId.CART_LAST_SYNC)
                .map(c -> (String) c.evidence().getOrDefault("syncedAt", "0 never")).findFirst().orElse("0 never");
    }
}
