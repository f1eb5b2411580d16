package io.invsync.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a {@code JSON_LISTINGS_FEED} document against Amazon's JSON Schemas (draft-07) with networknt's
 * json-schema-validator: every message against {@code amazon/listings-feed-message-schema-v2.json} as published, and
 * the envelope as Amazon's {@code listings-feed-schema-v2.json} states it — {@code header} with {@code sellerId} and
 * {@code version} {@code "2.0"}, {@code messages} 1 to 10,000 of them. shared/vendor-specs holds the message schema
 * and the envelope's example ({@code listings-feed-schema-v2.example.json}, which VendorSpecChecksTest passes through
 * this check), not the envelope schema itself, so its rules are written here around the published message schema.
 * Checks nothing, saying so, where the message schema is not there.
 */
final class ListingsFeedCheck implements SpecCheck {

    static final String MESSAGE_SCHEMA = "amazon/listings-feed-message-schema-v2.json";
    static final String EXAMPLE = "amazon/listings-feed-schema-v2.example.json";
    /** {@code messages.maxItems} of listings-feed-schema-v2.json. */
    static final int MAX_MESSAGES = 10_000;

    private static volatile Schema loaded;

    private final Schema schema;

    private ListingsFeedCheck(Schema schema) {
        this.schema = schema;
    }

    static SpecCheck of() {
        Optional<Path> file = VendorSpecs.file(MESSAGE_SCHEMA);
        if (file.isEmpty()) {
            return VendorSpecs.unchecked(MESSAGE_SCHEMA);
        }
        Schema schema = loaded;
        if (schema == null) {
            schema = load(file.get());
            loaded = schema;
        }
        return new ListingsFeedCheck(schema);
    }

    private static Schema load(Path messageSchema) {
        JsonNode message;
        try {
            message = SimulatedApi.JSON.readTree(Files.readString(messageSchema));
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot read " + messageSchema, e);
        }
        ObjectNode messageItems = ((ObjectNode) message).deepCopy();
        messageItems.remove("$schema"); // a subschema here, of the envelope's dialect
        ObjectNode envelope = SimulatedApi.JSON.createObjectNode();
        envelope.put("$schema", "http://json-schema.org/draft-07/schema#");
        envelope.put("type", "object");
        envelope.putArray("required").add("header").add("messages");
        ObjectNode properties = envelope.putObject("properties");
        ObjectNode header = properties.putObject("header");
        header.put("type", "object");
        header.putArray("required").add("sellerId").add("version");
        ObjectNode headerProperties = header.putObject("properties");
        headerProperties.putObject("sellerId").put("type", "string");
        headerProperties.putObject("version").put("type", "string").put("const", "2.0");
        headerProperties.putObject("issueLocale").put("type", "string");
        ObjectNode messages = properties.putObject("messages");
        messages.put("type", "array").put("minItems", 1).put("maxItems", MAX_MESSAGES);
        messages.set("items", messageItems);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(envelope);
    }

    /** What the schemas say against the document (the request's body); a body that is not JSON says so. */
    @Override
    public List<String> violations(Request request) {
        JsonNode document;
        try {
            document = SimulatedApi.JSON.readTree(request.body());
        } catch (JacksonException e) {
            return List.of("the feed document is not JSON");
        }
        return schema.validate(document).stream().map(Error::toString).toList();
    }
}
