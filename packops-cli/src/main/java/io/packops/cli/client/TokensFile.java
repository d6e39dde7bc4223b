package io.packops.cli.client;

import io.packops.launcher.EnvFile;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .packops/tokens.env}: one random bearer token per role, {@code PACKOPS_TOKEN_<ROLE>=...}, mode 600.
 * Written once, reused by later runs (so tokens in your shell or browser cookie stay valid).
 */
public final class TokensFile {

    /** People's roles and alerting's two machine roles (peer: its reads; automation: withdraw and rollout verdicts). */
    public static final List<String> VARIABLES = List.of("PACKOPS_TOKEN_INGEST", "PACKOPS_TOKEN_AGENT",
            "PACKOPS_TOKEN_OPERATOR", "PACKOPS_TOKEN_ADMIN", "PACKOPS_TOKEN_PEER", "PACKOPS_TOKEN_AUTOMATION");

    /** The tokens, and whether this call created the file (then they should be printed, once). */
    public record Tokens(Map<String, String> values, boolean created) {
        public String get(String variable) {
            return values.get(variable);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokensFile() {
    }

    /** Reads {@code file} when it has every variable, else (re)writes it with fresh tokens. */
    public static Tokens loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            Map<String, String> existing = read(file);
            if (existing.keySet().containsAll(VARIABLES)) {
                return new Tokens(existing, false);
            }
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String v : VARIABLES) {
            String role = v.substring("PACKOPS_TOKEN_".length()).toLowerCase(java.util.Locale.ROOT);
            tokens.put(v, role + "-" + random());
        }
        StringBuilder text = new StringBuilder("# written by ./packops up: one bearer token per role; delete to regenerate\n");
        tokens.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Tokens(tokens, true);
    }

    /**
     * The variables of an env file: {@code NAME=value} lines, {@code export NAME=value} too, a value in single or double
     * quotes unquoted; comments, blank lines and empty values are skipped.
     */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = EnvFile.lenient(Files.readString(file));
        out.values().removeIf(String::isEmpty);
        return out;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
