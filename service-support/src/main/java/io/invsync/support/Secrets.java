package io.invsync.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.core.env.Environment;

import io.invsync.events.InvalidFieldException;

/**
 * Resolves a {@code credentialsRef} (a cart's token, a WMS key) to its secret, only inside the service that uses
 * it: the environment variable {@code INVSYNC_SECRET_<ref>} or the file {@code <invsync.secrets-dir>/<ref>}, with
 * surrounding white space (the newline an editor or {@code echo} leaves) trimmed. The secret goes into a request
 * header or a signature and nowhere else: not into settings, topics, logs or answers.
 *
 * <p>A secret serves only the merchants it is granted to, {@code INVSYNC_SECRET_GRANTS}: grants separated by
 * {@code ;}, each {@code <credentialsRef>=<merchantId>,<merchantId>…} (e.g. {@code SHOP1=acme;WMS2=acme,globex}).
 * Without a grant, a merchant that names another's credentialsRef in its settings would have invsync send that
 * secret wherever its own settings point.
 */
public class Secrets {

    /** The property (environment variable) holding the grants. */
    public static final String GRANTS_PROPERTY = "INVSYNC_SECRET_GRANTS";

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_]{1,100}");

    private final Environment environment;
    private final Path secretsDir;
    private final Map<String, Set<String>> grants;

    public Secrets(Environment environment, String secretsDir) {
        this.environment = environment;
        this.secretsDir = secretsDir == null || secretsDir.isBlank() ? null : Path.of(secretsDir);
        this.grants = parseGrants(environment.getProperty(GRANTS_PROPERTY, ""));
    }

    /**
     * Parses {@code REF=merchant,merchant;REF2=merchant}; a malformed grant stops the service at start rather
     * than leaving a secret unusable (or usable by the wrong merchant) in silence.
     */
    static Map<String, Set<String>> parseGrants(String text) {
        Map<String, Set<String>> parsed = new HashMap<>();
        for (String grant : text.split(";")) {
            if (grant.isBlank()) {
                continue;
            }
            int equals = grant.indexOf('=');
            String ref = equals < 0 ? "" : grant.substring(0, equals).strip();
            if (!REF.matcher(ref).matches()) {
                throw new IllegalArgumentException(GRANTS_PROPERTY + ": '" + grant.strip()
                        + "' is not <credentialsRef>=<merchantId>,<merchantId>…");
            }
            Set<String> merchants = Arrays.stream(grant.substring(equals + 1).split(","))
                    .map(String::strip).filter(m -> !m.isEmpty()).collect(Collectors.toSet());
            parsed.computeIfAbsent(ref, r -> new HashSet<>()).addAll(merchants);
        }
        parsed.replaceAll((ref, merchants) -> Set.copyOf(merchants));
        return Map.copyOf(parsed);
    }

    /** Whether {@code credentialsRef} is granted to {@code merchantId}. */
    public boolean isGranted(String merchantId, String credentialsRef) {
        return merchantId != null && credentialsRef != null
                && grants.getOrDefault(credentialsRef, Set.of()).contains(merchantId);
    }

    /**
     * Refuses settings of {@code merchantId} naming a credentialsRef not granted to it, as a 400 naming
     * {@code field}. A null ref (no secret) passes.
     */
    public void requireGranted(String field, String merchantId, String credentialsRef) {
        if (credentialsRef != null && !isGranted(merchantId, credentialsRef)) {
            throw new InvalidFieldException(field, "'" + credentialsRef
                    + "' is not granted to merchant '" + merchantId + "' (" + GRANTS_PROPERTY + ")");
        }
    }

    /** The secret {@code credentialsRef} names, for {@code merchantId}; empty when unknown or not granted to it. */
    public Optional<String> resolve(String merchantId, String credentialsRef) {
        if (credentialsRef == null || !REF.matcher(credentialsRef).matches() || !isGranted(merchantId, credentialsRef)) {
            return Optional.empty();
        }
        String fromEnvironment = environment.getProperty("INVSYNC_SECRET_" + credentialsRef);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        if (secretsDir != null) {
            Path file = secretsDir.resolve(credentialsRef);
            if (Files.isReadable(file)) {
                try {
                    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
                    return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
