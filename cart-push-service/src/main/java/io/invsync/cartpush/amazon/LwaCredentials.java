package io.invsync.cartpush.amazon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.invsync.events.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What an Amazon cart's secret holds: the seller's Login with Amazon refresh token and the client id and secret of
 * the SP-API application it was issued to, as JSON {@code {"refreshToken": "Atzr|…", "clientId":
 * "amzn1.application-oa2-client.…", "clientSecret": "…"}}. Access tokens are exchanged for from these and last an
 * hour, which is why the secret is not an access token. Never printed: {@link #toString()} names no value.
 */
record LwaCredentials(String refreshToken, String clientId, String clientSecret) {

    static final String FORMAT = "JSON {\"refreshToken\", \"clientId\", \"clientSecret\"}";

    /** The credentials in the secret named by {@code credentialsRef}; {@link Malformed} names what is wrong. */
    static LwaCredentials parse(String secret, String credentialsRef) {
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(secret == null ? "" : secret);
        } catch (JacksonException e) {
            // the parser's message quotes the text: the secret. Only say that it is not JSON.
            throw new Malformed(credentialsRef, "it is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new Malformed(credentialsRef, "it is not a JSON object");
        }
        return new LwaCredentials(field(json, "refreshToken", credentialsRef), field(json, "clientId", credentialsRef),
                field(json, "clientSecret", credentialsRef));
    }

    private static String field(JsonNode json, String name, String credentialsRef) {
        JsonNode value = json.path(name);
        if (!value.isString() || value.asString().isBlank()) {
            throw new Malformed(credentialsRef, "field '" + name + "' is " + (value.isMissingNode() || value.isNull()
                    ? "missing" : value.isString() ? "blank" : "not a string"));
        }
        return value.asString().strip();
    }

    /** A digest of the three values: tells whether a cached access token came from these credentials. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", refreshToken, clientId,
                    clientSecret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The values themselves, to scrub from anything quoted back from Login with Amazon. */
    String scrub(String text) {
        String scrubbed = text;
        for (String value : new String[] {refreshToken, clientSecret, clientId}) {
            scrubbed = scrubbed.replace(value, "[redacted]");
        }
        return scrubbed;
    }

    @Override
    public String toString() {
        return "LwaCredentials[redacted]";
    }

    /** The secret is not Login with Amazon credentials in {@link #FORMAT}; the message names the fault, not the value. */
    static final class Malformed extends IllegalStateException {

        Malformed(String credentialsRef, String fault) {
            super("the secret named by credentialsRef '" + credentialsRef + "' must be Login with Amazon credentials, "
                    + FORMAT + ": " + fault);
        }
    }
}
