package io.invsync.events;

import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

/**
 * The JSON settings every service uses, for events and for its API: camelCase fields, {@code Instant} and
 * {@code Duration} as ISO-8601 strings, unknown fields ignored (events change additively), no silent coercion of
 * a wrong type (an enum from a number, a number from a fraction, text from a number, a boolean from a number), and
 * a read error that names the topic and the field at fault.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();
    private static final JsonMapper SHARING_MAPPER = configure(JsonMapper.builder())
            .addModule(SharedValues.module()).build();

    /**
     * The binary form (Smile: JSON's data model, with binary numbers and length-prefixed texts) of what only invsync
     * itself reads: state stores, their changelogs and internal topics. Same settings, so a value reads back as it
     * would from JSON. Smile's table of shared field names is off: for values this small it allocated more than it
     * saved (JMH, README "Micro-benchmarks").
     */
    private static final SmileMapper STORED = configure(SmileMapper.builder(SmileFactory.builder()
            .disable(SmileWriteFeature.CHECK_SHARED_NAMES).build())).build();
    /** What every Smile value written here starts with (its header); no JSON text starts so. */
    private static final byte[] SMILE_HEADER = { ':', ')', '\n' };

    private EventJson() {
    }

    /** Applies the event settings to a builder, so that a service's own mapper agrees with the topics. */
    public static <B extends MapperBuilder<?, B>> B configure(B builder) {
        return builder
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .addModule(FastInstants.module())
                .addModule(FastCreators.module());
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * A mapper with the event settings for input from outside (a pushed payload, a WMS's page): no string or
     * field name longer than {@code maxStringChars}, so that one huge value is refused while it is read.
     */
    public static JsonMapper boundedMapper(int maxStringChars) {
        StreamReadConstraints constraints = StreamReadConstraints.builder().maxStringLength(maxStringChars)
                .maxNameLength(maxStringChars).build();
        return configure(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())).build();
    }

    public static byte[] write(Object event) {
        return write(MAPPER, event);
    }

    /** The binary form of a value for a store, a changelog or an internal topic (read by {@link #readStored}). */
    public static byte[] writeStored(Object value) {
        return write(STORED, value);
    }

    private static byte[] write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a value of a store, a changelog or an internal topic: the binary form, or JSON as such records were
     * written before the binary form (a changelog restored after an upgrade holds both).
     */
    public static <T> T readStored(String topic, byte[] value, Class<T> type) {
        return read(isBinary(value) ? STORED : MAPPER, topic, value, type);
    }

    private static boolean isBinary(byte[] value) {
        return value != null && value.length >= SMILE_HEADER.length && value[0] == SMILE_HEADER[0]
                && value[1] == SMILE_HEADER[1] && value[2] == SMILE_HEADER[2];
    }

    /** Reads the value of a record of {@code topic}; the topic decides the type. */
    public static Object read(String topic, byte[] value) {
        return read(topic, value, Topics.eventType(topic));
    }

    public static <T> T read(String topic, byte[] value, Class<T> type) {
        return read(MAPPER, topic, value, type);
    }

    /**
     * As {@link #read(String, byte[], Class)}, for an event kept in memory as a table row for as long as the service
     * runs: repeated short texts and instants are shared with the rows read before (the same values, less heap).
     */
    public static <T> T readTableRow(String topic, byte[] value, Class<T> type) {
        return read(SHARING_MAPPER, topic, value, type);
    }

    private static <T> T read(ObjectMapper mapper, String topic, byte[] value, Class<T> type) {
        if (value == null || value.length == 0) {
            throw new EventFormatException(topic, "", "the record has no value");
        }
        try {
            return mapper.readValue(value, type);
        } catch (JacksonException e) {
            throw new EventFormatException(topic, fieldOf(e), reasonOf(e), e);
        }
    }

    private static String fieldOf(JacksonException e) {
        InvalidFieldException invalid = invalidField(e);
        String path = pathOf(e.getPath());
        if (invalid != null) {
            return path.isEmpty() ? invalid.field() : path + "." + invalid.field();
        }
        return path;
    }

    private static String reasonOf(JacksonException e) {
        InvalidFieldException invalid = invalidField(e);
        if (invalid != null) {
            return invalid.getMessage();
        }
        String message = e.getOriginalMessage();
        // Jackson's first line is the useful one; the rest repeats the source location.
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    private static InvalidFieldException invalidField(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidFieldException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static String pathOf(List<JacksonException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
