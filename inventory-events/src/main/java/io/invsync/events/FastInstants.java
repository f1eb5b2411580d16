package io.invsync.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * {@code Instant} to and from JSON without {@code DateTimeFormatter}: every event carries several instants, and
 * the formatter's parsing and printing were a fifth of the CPU of the services that read every table (benchmark
 * profiles). Writes exactly what {@link Instant#toString()} writes; reads {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}
 * directly and hands anything else (offsets, numbers, garbage) to Jackson's own deserializer, so what is accepted
 * and the errors for what is not stay the same.
 */
public final class FastInstants {

    private FastInstants() {
    }

    static SimpleModule module() {
        return new SimpleModule("invsync-fast-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    /** As {@link Instant#toString()}: seconds always, then 3, 6 or 9 fraction digits when there is a fraction. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date;
        try {
            date = LocalDate.ofEpochDay(day);
        } catch (DateTimeException e) {
            return instant.toString();
        }
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return instant.toString();
        }
        int nano = instant.getNano();
        char[] out = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1000 == 0 ? 27 : 30];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        if (nano != 0) {
            out[19] = '.';
            int fractionDigits = out.length - 21;
            digits(out, 20, nano / POWERS[9 - fractionDigits], fractionDigits);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…f]Z} (1 to 9 fraction digits); null for anything else or an invalid date. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = number(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nano = fraction * POWERS[9 - fractionDigits];
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nano);
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal number in text[from, from + width), or -1 when a character is not a digit. */
    private static int number(String text, int from, int width) {
        int value = 0;
        for (int i = from; i < from + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static final class Writer extends StdSerializer<Instant> {

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext context) throws JacksonException {
            gen.writeString(format(value));
        }
    }

    static final class Reader extends StdScalarDeserializer<Instant> {

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws JacksonException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Instant fast = parse(p.getString());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, context);
        }
    }
}
