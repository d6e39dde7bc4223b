package io.packops.cli.who;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a packops service is and which token to use: an explicit option, else the environment, else
 * {@code .packops/tokens.env} (written by {@code ./packops up}) in the current directory or above.
 */
public record ServiceTarget(String url, String token, String tokenSource) {

    static final List<String> TOKEN_VARIABLES = List.of("PACKOPS_TOKEN", "PACKOPS_TOKEN_AGENT", "PACKOPS_TOKEN_OPERATOR",
            "PACKOPS_TOKEN_ADMIN");

    static ServiceTarget resolve(String urlOption, String urlVariable, String defaultUrl, String tokenOption,
                                 Map<String, String> env, Path cwd) {
        return resolve(urlOption, urlVariable, defaultUrl, tokenOption, TOKEN_VARIABLES, env, cwd);
    }

    /** As above, trying the token variables in the order given (an operator command asks for the operator's first). */
    public static ServiceTarget resolve(String urlOption, String urlVariable, String defaultUrl, String tokenOption,
                                        List<String> tokenVariables, Map<String, String> env, Path cwd) {
        String url = urlOption != null ? urlOption : env.getOrDefault(urlVariable, defaultUrl);
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (tokenOption != null) {
            return new ServiceTarget(url, tokenOption, "--token");
        }
        for (String v : tokenVariables) {
            String t = env.get(v);
            if (t != null && !t.isBlank()) {
                return new ServiceTarget(url, t.trim(), "$" + v);
            }
        }
        Optional<Path> file = tokensFile(cwd);
        if (file.isPresent()) {
            Map<String, String> fromFile = readEnvFile(file.get());
            for (String v : tokenVariables) {
                String t = fromFile.get(v);
                if (t != null && !t.isBlank()) {
                    return new ServiceTarget(url, t.trim(), file.get() + " (" + v + ")");
                }
            }
        }
        return new ServiceTarget(url, null, null);
    }

    private static Optional<Path> tokensFile(Path cwd) {
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(".packops").resolve("tokens.env");
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    static Map<String, String> readEnvFile(Path f) {
        Map<String, String> out = new java.util.HashMap<>();
        try {
            for (String line : Files.readAllLines(f)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                    continue;
                }
                l = l.startsWith("export ") ? l.substring(7).strip() : l;
                int eq = l.indexOf('=');
                String v = l.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                out.put(l.substring(0, eq).strip(), v);
            }
        } catch (IOException e) {
            // unreadable: as if absent; the caller reports the missing token
        }
        return out;
    }
}
