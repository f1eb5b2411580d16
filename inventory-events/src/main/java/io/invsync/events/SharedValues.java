package io.invsync.events;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * For events a service keeps in memory as table rows for as long as it runs: equal short texts (merchant, cart and
 * warehouse ids, alias names, SKUs that recur in levels, aliases and results) become one shared {@code String}, and
 * an instant read again (every row of a snapshot carries the same one) one shared {@code Instant}. Measured on
 * 200,000 products, Strings were more than half of the heap of cart-push-service and diagnostics-service.
 */
final class SharedValues {

    /** Longer texts are rarely repeated and not worth the lookup. */
    private static final int MAX_SHARED_LENGTH = 100;
    private static final int INSTANT_SLOTS = 4096;

    private SharedValues() {
    }

    static SimpleModule module() {
        return new SimpleModule("invsync-shared-values")
                .addDeserializer(String.class, new SharedStrings())
                .addKeyDeserializer(String.class, new SharedKeys())
                .addDeserializer(Instant.class, new SharedInstants());
    }

    static String share(String text) {
        return text.length() <= MAX_SHARED_LENGTH ? text.intern() : text;
    }

    private static final class SharedStrings extends StdScalarDeserializer<String> {

        SharedStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws JacksonException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return share(p.getString());
            }
            // other shapes: Jackson's own rules (and errors) for text
            String text = StringDeserializer.instance.deserialize(p, context);
            return text == null ? null : share(text);
        }
    }

    private static final class SharedKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            return key == null ? null : share(key);
        }
    }

    /** A direct-mapped cache: the last instant read for each of 4096 slots chosen by the text's hash. */
    private static final class SharedInstants extends StdScalarDeserializer<Instant> {

        private record Slot(String text, Instant instant) {
        }

        private final Slot[] slots = new Slot[INSTANT_SLOTS];
        private final FastInstants.Reader reader = new FastInstants.Reader();

        SharedInstants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws JacksonException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return reader.deserialize(p, context);
            }
            String text = p.getString();
            int index = (text.hashCode() & 0x7fffffff) % INSTANT_SLOTS;
            Slot slot = slots[index]; // a racy read of an immutable record: at worst a miss
            if (slot != null && slot.text().equals(text)) {
                return slot.instant();
            }
            Instant instant = reader.deserialize(p, context);
            slots[index] = new Slot(text, instant);
            return instant;
        }
    }
}
