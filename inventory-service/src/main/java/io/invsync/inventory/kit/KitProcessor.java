package io.invsync.inventory.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.KitComponent;
import io.invsync.events.Keys;
import io.invsync.events.ProductObserved;
import io.invsync.inventory.alias.AliasTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.inventory.level.ProductInventory;

/**
 * Publishes the level of every kit a product change touches: the product itself when it is a kit, and every kit that
 * names its SKU (before or after the change) as a component. Keeps the {@code kit-uses} index up to date from the
 * kits' own changes, and the last published level of each kit in {@code kit-levels}, so that a kit is republished
 * only when its level or its explanation changed.
 *
 * <p>A component is resolved through the SKU alias in the alias index: the one product holding the SKU. None (not
 * known yet), several (a duplicate alias) or a product that is itself a kit (kits do not nest; the ingest service
 * refuses the nestings it sees) leave it unresolved: productId null, and it allows no kits. This processor runs after
 * the alias index has applied the same change (it is added to the level changes after it, and Kafka Streams hands a
 * record to a node's children in the order they were added), so a product that just took the SKU resolves.
 */
final class KitProcessor implements Processor<String, LevelChange, String, InventoryLevelChanged> {

    private ProcessorContext<String, InventoryLevelChanged> context;
    private KeyValueStore<String, ProductInventory> products;
    private KeyValueStore<String, AliasIndexChanged> aliases;
    private KeyValueStore<String, KitUses> uses;
    private KeyValueStore<String, InventoryLevelChanged> published;

    @Override
    public void init(ProcessorContext<String, InventoryLevelChanged> context) {
        this.context = context;
        this.products = context.getStateStore(LevelTopology.STORE);
        this.aliases = context.getStateStore(AliasTopology.STORE);
        this.uses = context.getStateStore(KitTopology.USES_STORE);
        this.published = context.getStateStore(KitTopology.STORE);
    }

    @Override
    public void process(Record<String, LevelChange> record) {
        LevelChange change = record.value();
        if (change == null) {
            return;
        }
        ProductInventory current = change.current();
        String merchantId = current.merchantId();
        List<KitComponent> before = change.before() == null ? List.of() : change.before().components();
        List<KitComponent> after = change.after() == null ? List.of() : change.after().components();
        updateUses(merchantId, current.productId(), before, after);

        Set<String> kits = new TreeSet<>();
        if (change.after() != null && change.after().kit()) {
            kits.add(current.productId());
        } else if (published.get(record.key()) != null) {
            // no longer a kit (or gone): the level topology publishes it as a plain product, or its tombstone
            published.delete(record.key());
        }
        for (String sku : skus(change)) {
            KitUses using = uses.get(Keys.sku(merchantId, sku));
            if (using != null) {
                kits.addAll(using.kitProductIds());
            }
        }
        for (String kitProductId : kits) {
            String kitKey = Keys.product(merchantId, kitProductId);
            ProductInventory kit = products.get(kitKey);
            if (kit == null || !kit.kit()) {
                continue;
            }
            InventoryLevelChanged level = KitLevels.of(kit, sku -> resolve(kit, sku)).inRun(change.runId());
            InventoryLevelChanged last = published.get(kitKey);
            if (last != null && sameButObservedAt(level, last)) {
                continue; // e.g. the kit's description observed again, unchanged
            }
            published.put(kitKey, level);
            context.forward(new Record<>(kitKey, level, record.timestamp(), record.headers()));
        }
    }

    /** The SKUs the changed product held before and after: kits naming either may resolve differently now. */
    private static Set<String> skus(LevelChange change) {
        Set<String> skus = new TreeSet<>();
        if (change.before() != null && change.before().sku() != null) {
            skus.add(change.before().sku());
        }
        if (change.after() != null && change.after().sku() != null) {
            skus.add(change.after().sku());
        }
        return skus;
    }

    private void updateUses(String merchantId, String kitProductId, List<KitComponent> before,
            List<KitComponent> after) {
        if (before.equals(after)) {
            return;
        }
        Set<String> was = new TreeSet<>();
        before.forEach(component -> was.add(component.sku()));
        Set<String> now = new TreeSet<>();
        after.forEach(component -> now.add(component.sku()));
        for (String sku : was) {
            if (!now.contains(sku)) {
                String key = Keys.sku(merchantId, sku);
                KitUses held = uses.get(key);
                if (held != null) {
                    List<String> left = new ArrayList<>(held.kitProductIds());
                    left.remove(kitProductId);
                    if (left.isEmpty()) {
                        uses.delete(key);
                    } else {
                        uses.put(key, new KitUses(left));
                    }
                }
            }
        }
        for (String sku : now) {
            if (!was.contains(sku)) {
                String key = Keys.sku(merchantId, sku);
                KitUses held = uses.get(key);
                List<String> kits = new ArrayList<>(held == null ? List.of() : held.kitProductIds());
                if (!kits.contains(kitProductId)) {
                    kits.add(kitProductId);
                    uses.put(key, new KitUses(kits));
                }
            }
        }
    }

    /** The one product holding the SKU in the kit's merchant, unless it is a kit (or the kit itself). */
    private ProductInventory resolve(ProductInventory kit, String sku) {
        AliasIndexChanged holders = aliases.get(Keys.alias(kit.merchantId(), ProductObserved.SKU_ALIAS, sku));
        if (holders == null || holders.productIds().size() != 1) {
            return null;
        }
        String productId = holders.productIds().get(0);
        if (productId.equals(kit.productId())) {
            return null;
        }
        ProductInventory component = products.get(Keys.product(kit.merchantId(), productId));
        return component == null || component.kit() ? null : component;
    }

    private static boolean sameButObservedAt(InventoryLevelChanged a, InventoryLevelChanged b) {
        return Objects.equals(a, new InventoryLevelChanged(b.merchantId(), b.productId(), b.sku(), b.aliases(),
                b.warehouses(), b.total(), a.observedAt(), b.kit(), a.runId()));
    }
}
