package io.invsync.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import graphql.GraphQLContext;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks GraphQL requests against a published schema with graphql-java, as the server would before running them:
 * the document must parse and validate (fields, arguments and directives that exist, of the right types, every
 * variable declared and used as declared), and the variables must coerce to their declared input types (no
 * unknown input field, no missing non-null one, an {@code Int} within 32 bits, …). The schema is read once per JVM;
 * validated documents are remembered by their text.
 */
final class GraphqlCheck implements SpecCheck {

    private static final Map<Path, GraphQLSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REMEMBERED = 1_000;

    private final GraphQLSchema schema;
    /** document text → its operations, or what is wrong with it */
    private final Map<String, Checked> documents = new ConcurrentHashMap<>();

    private GraphqlCheck(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** The check against {@code relative} under shared/vendor-specs; checks nothing, saying so, when it is absent. */
    static SpecCheck of(String relative) {
        Optional<Path> file = VendorSpecs.file(relative);
        if (file.isEmpty()) {
            return VendorSpecs.unchecked(relative);
        }
        return new GraphqlCheck(SCHEMAS.computeIfAbsent(file.get(), GraphqlCheck::load));
    }

    private static GraphQLSchema load(Path file) {
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(file.toFile()));
    }

    private record Checked(Document document, List<String> problems) {
    }

    @Override
    public List<String> violations(Request request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JacksonException e) {
            return List.of("the body is not JSON");
        }
        if (!body.path("query").isString()) {
            return List.of("the body has no \"query\" string");
        }
        Checked checked = documents.get(body.path("query").asString());
        if (checked == null) {
            checked = check(body.path("query").asString());
            if (documents.size() >= REMEMBERED) {
                documents.clear();
            }
            documents.put(body.path("query").asString(), checked);
        }
        if (!checked.problems().isEmpty()) {
            return checked.problems();
        }
        List<OperationDefinition> operations = checked.document().getDefinitionsOfType(OperationDefinition.class);
        String name = body.path("operationName").asString(null);
        List<OperationDefinition> chosen = operations.stream()
                .filter(o -> name == null ? operations.size() == 1 : name.equals(o.getName())).toList();
        if (chosen.size() != 1) {
            return List.of(name == null ? "several operations and no operationName" : "no operation named " + name);
        }
        JsonNode variables = body.path("variables");
        if (!variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
            return List.of("\"variables\" is not an object");
        }
        return coerce(chosen.get(0).getVariableDefinitions(), variables.isObject()
                ? JSON.convertValue(variables, Map.class) : Map.of());
    }

    private Checked check(String query) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return new Checked(null, List.of("the query does not parse: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        for (ValidationError error : new Validator().validateDocument(schema, document, Locale.ROOT)) {
            problems.add(error.getValidationErrorType() + ": " + error.getMessage());
        }
        return new Checked(document, problems);
    }

    @SuppressWarnings("unchecked")
    private List<String> coerce(List<VariableDefinition> definitions, Map<?, ?> variables) {
        try {
            ValuesResolver.coerceVariableValues(schema, definitions, RawVariables.of((Map<String, Object>) variables),
                    GraphQLContext.getDefault(), Locale.ROOT);
            return List.of();
        } catch (RuntimeException e) { // CoercingParseValueException, NonNullableValueCoercedAsNullException, …
            return List.of("variables: " + e.getMessage());
        }
    }
}
