package io.invsync.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * Checks REST requests against a vendor's OpenAPI 3 or Swagger 2.0 document with Atlassian's
 * swagger-request-validator: the path and method must be declared, required parameters and headers present,
 * parameters and bodies of the declared types and within the declared bounds, and — stricter than the
 * validator's defaults, as the vendor's server is — no undeclared query parameter and no undeclared body field.
 * A vendor that publishes several documents (BigCommerce: one per API) is checked against the one that declares
 * the request's path. Each document is read once per JVM. The path, method, headers and parameters are checked
 * before the simulator answers; the body's schema after ({@link #bodyViolations}).
 */
final class OpenApiCheck implements SpecCheck {

    private static final Map<Path, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final LevelResolver STRICT = LevelResolver.create()
            .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
            .build();

    private final List<OpenApiInteractionValidator> documents;
    private final UnaryOperator<String> specPath;

    private OpenApiCheck(List<OpenApiInteractionValidator> documents, UnaryOperator<String> specPath) {
        this.documents = documents;
        this.specPath = specPath;
    }

    /**
     * The check against the documents under shared/vendor-specs ({@code bigcommerce/inventory.v3.yml}, …);
     * {@code specPath} turns a request's path into the document's (strips the store's own prefix). Checks nothing,
     * saying so, when a document is not there.
     */
    static SpecCheck of(UnaryOperator<String> specPath, String... relatives) {
        List<OpenApiInteractionValidator> documents = new ArrayList<>();
        for (String relative : relatives) {
            Optional<Path> file = VendorSpecs.file(relative);
            if (file.isEmpty()) {
                return VendorSpecs.unchecked(relative);
            }
            documents.add(VALIDATORS.computeIfAbsent(file.get(), OpenApiCheck::load));
        }
        return new OpenApiCheck(List.copyOf(documents), specPath);
    }

    /**
     * Reads the document with swagger-parser (Swagger 2.0 is converted to OpenAPI 3). What the parser notes about
     * parts no request is checked against — Magento's {@code info.description} is a {@code $ref} to a Markdown file
     * of its docs site — is logged, not fatal, as it would be if the validator read the file itself.
     */
    private static OpenApiInteractionValidator load(Path file) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readLocation(file.toUri().toString(), null, options);
        if (parsed.getOpenAPI() == null || parsed.getOpenAPI().getPaths() == null) {
            throw new IllegalStateException("cannot read " + file + ": " + parsed.getMessages());
        }
        if (parsed.getMessages() != null && !parsed.getMessages().isEmpty()) {
            SpecViolations.LOG.info("{}: the parser noted {}", file.getFileName(), parsed.getMessages());
        }
        return OpenApiInteractionValidator.createFor(parsed.getOpenAPI())
                .withBasePathOverride("/") // the simulators hand over paths as the document writes them
                .withLevelResolver(STRICT)
                .build();
    }

    @Override
    public List<String> violations(Request request) {
        return check(request, false).stream().filter(m -> !m.startsWith(BODY_MISSING)).toList();
    }

    @Override
    public List<String> bodyViolations(Request request) {
        return check(request, true).stream().filter(m -> m.startsWith(BODY)).toList();
    }

    private static final String BODY = "validation.request.body";
    private static final String BODY_MISSING = "validation.request.body.missing";

    private List<String> check(Request request, boolean withBody) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), specPath.apply(request.path()));
        request.headers().forEach(builder::withHeader);
        query(request.rawQuery()).forEach(builder::withQueryParam);
        if (withBody && request.body().length > 0) {
            builder.withBody(request.body());
        }
        SimpleRequest simple = builder.build();
        List<String> firstReport = null;
        for (OpenApiInteractionValidator document : documents) {
            ValidationReport report = document.validateRequest(simple);
            boolean pathDeclared = report.getMessages().stream()
                    .noneMatch(m -> m.getKey().equals("validation.request.path.missing"));
            List<String> errors = errors(report);
            if (pathDeclared) {
                return errors;
            }
            if (firstReport == null) {
                firstReport = errors;
            }
        }
        return firstReport == null ? List.of() : firstReport;
    }

    private static List<String> errors(ValidationReport report) {
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                StringBuilder text = new StringBuilder(message.getKey());
                message.getContext().flatMap(ValidationReport.MessageContext::getParameter)
                        .ifPresent(p -> text.append(" (").append(p.getIn()).append(" parameter ").append(p.getName())
                                .append(')'));
                message.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                        .filter(p -> !p.getInstance().isEmpty())
                        .ifPresent(p -> text.append(" (body ").append(p.getInstance()).append(')'));
                text.append(": ").append(message.getMessage());
                message.getNestedMessages().forEach(nested -> text.append(" [").append(nested.getMessage()).append(']'));
                errors.add(text.toString());
            }
        }
        return errors;
    }

    /** Query parameters by name, decoded, in their order; a repeated name keeps every value. */
    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }
}
