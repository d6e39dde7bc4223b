package io.packops.cli.client;

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

    public static final List<String> TOKEN_VARIABLES = List.of("PACKOPS_TOKEN", "PACKOPS_TOKEN_AGENT", "PACKOPS_TOKEN_OPERATOR",
            "PACKOPS_TOKEN_ADMIN");

    public static ServiceTarget resolve(String urlOption, String urlVariable, String defaultUrl, String tokenOption,
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
            Map<String, String> fromFile = readTokens(file.get());
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

    private static Map<String, String> readTokens(Path f) {
        try {
            return TokensFile.read(f);
        } catch (IOException e) {
            return Map.of(); // unreadable: as if absent; the caller reports the missing token
        }
    }
}
