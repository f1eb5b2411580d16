package io.invsync.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the vendors' published contracts are: {@code shared/vendor-specs/} beside the project's root (the folder
 * holding {@code mvnw}), found by walking up from the working directory, so a module's tests, the reactor and
 * local-stack all find it; {@code -Dinvsync.vendor-specs=…} names another folder. The files are read where they
 * lie, never copied into the project. Where the folder is absent the simulators say so once and check nothing.
 */
public final class VendorSpecs {

    public static final String PROPERTY = "invsync.vendor-specs";

    private static final Path START = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final Optional<Path> FOLDER = locate();

    private static final Set<String> SAID_ABSENT = ConcurrentHashMap.newKeySet();

    private VendorSpecs() {
    }

    /** A check of nothing, for a document that is not there; said once in the log. */
    static SpecCheck unchecked(String relative) {
        if (SAID_ABSENT.add(relative)) {
            SpecViolations.LOG.warn(absent(relative));
        }
        return SpecCheck.UNPUBLISHED;
    }

    /** The folder, when it is there. */
    public static Optional<Path> folder() {
        return FOLDER;
    }

    /** One vendor's document ({@code shopify/admin-2026-04.graphql}), when the folder and the file are there. */
    static Optional<Path> file(String relative) {
        return FOLDER.map(folder -> folder.resolve(relative)).filter(Files::isRegularFile);
    }

    /** Why nothing is checked, for a log line or a skipped test. */
    public static String absent(String relative) {
        return "vendor spec " + relative + " not found (looked for shared/vendor-specs beside the project root, "
                + "walking up from " + START + ", or -D" + PROPERTY + "): requests are NOT checked against it";
    }

    private static Optional<Path> locate() {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            Path folder = Path.of(named).toAbsolutePath();
            return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
        }
        for (Path dir = START; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && dir.getParent() != null) {
                Path folder = dir.getParent().resolve("shared").resolve("vendor-specs");
                return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
