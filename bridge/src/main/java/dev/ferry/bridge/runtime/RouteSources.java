package dev.ferry.bridge.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which YAML route files Camel loads: Ferry's defaults from the jar, then every {@code *.yaml}
 * in the operator's {@code routes} directory. An operator file named like a default replaces it.
 */
public final class RouteSources {

    static final List<String> DEFAULTS = List.of("irc.yaml", "sip.yaml", "mail.yaml");

    private RouteSources() {
    }

    public static String includePattern(Optional<Path> routesDir) throws IOException {
        List<String> sources = new ArrayList<>();
        List<String> operatorFiles = new ArrayList<>();
        if (routesDir.isPresent()) {
            Path dir = routesDir.get().toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new IOException("routes: " + dir + " is not a directory");
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted()
                        .forEach(f -> operatorFiles.add(f.getFileName().toString()));
            }
            operatorFiles.forEach(f -> sources.add("file:" + dir.resolve(f)));
        }
        for (String d : DEFAULTS) {
            if (!operatorFiles.contains(d)) {
                sources.add(0, "classpath:ferry/routes/" + d);
            }
        }
        return String.join(",", sources);
    }
}
