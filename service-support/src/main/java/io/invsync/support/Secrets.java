package io.invsync.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.core.env.Environment;

/**
 * Resolves a {@code credentialsRef} (a cart's token, a WMS key) to its secret, only inside the service that uses
 * it: the environment variable {@code INVSYNC_SECRET_<ref>} or the file {@code <invsync.secrets-dir>/<ref>}.
 * The secret goes into a request header or a signature and nowhere else: not into settings, topics, logs or
 * answers.
 */
public class Secrets {

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_]{1,100}");

    private final Environment environment;
    private final Path secretsDir;

    public Secrets(Environment environment, String secretsDir) {
        this.environment = environment;
        this.secretsDir = secretsDir == null || secretsDir.isBlank() ? null : Path.of(secretsDir);
    }

    public Optional<String> resolve(String credentialsRef) {
        if (credentialsRef == null || !REF.matcher(credentialsRef).matches()) {
            return Optional.empty();
        }
        String fromEnvironment = environment.getProperty("INVSYNC_SECRET_" + credentialsRef);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        if (secretsDir != null) {
            Path file = secretsDir.resolve(credentialsRef);
            if (Files.isReadable(file)) {
                try {
                    return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
