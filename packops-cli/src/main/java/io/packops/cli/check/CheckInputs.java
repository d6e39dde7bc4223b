package io.packops.cli.check;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestError;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.SchemaError;
import io.packops.compat.schema.SchemaFormatException;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every manifest and schema named on the command line and collects every problem with them,
 * compiler-style ({@code file:line:column: error: message}), so one run reports all bad inputs.
 * Public for the other commands that read manifests and schemas ({@code upgrade-check}).
 */
public final class CheckInputs {

    /** Far above any real catalog (the largest sample is about 1 MB); guards against reading a disk image. */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    public record Manifest(String file, DashboardPack pack) {
    }

    public record Schema(String file, WarehouseSchema schema) {
    }

    private final List<Manifest> manifests = new ArrayList<>();
    private final List<Schema> schemas = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private CheckInputs() {
    }

    /** @param warehouse the warehouse of schemas whose envelope names none (bare catalogs); may be null */
    public static CheckInputs read(List<String> manifestFiles, List<String> schemaFiles, Warehouse warehouse) {
        CheckInputs inputs = new CheckInputs();
        for (String file : manifestFiles) {
            inputs.readManifest(file);
        }
        for (String file : schemaFiles) {
            inputs.readSchema(file, warehouse);
        }
        return inputs;
    }

    public List<Manifest> manifests() {
        return manifests;
    }

    public List<Schema> schemas() {
        return schemas;
    }

    public List<String> errors() {
        return errors;
    }

    private void readManifest(String file) {
        String text = readText(file);
        if (text == null) {
            return;
        }
        ManifestResult result = ManifestReader.read(text);
        if (result.isValid()) {
            manifests.add(new Manifest(file, result.pack()));
            return;
        }
        for (ManifestError e : result.errors()) {
            String where = e.path() == null || e.path().isEmpty() ? "" : " (at " + e.path() + ")";
            errors.add(located(file, e.line(), e.column()) + "error: " + e.message() + where);
        }
    }

    private void readSchema(String file, Warehouse warehouse) {
        String text = readText(file);
        if (text == null) {
            return;
        }
        try {
            WarehouseSchema schema = SchemaReader.read(text);
            if (schema.warehouse() == null && warehouse != null) {
                schema = schema.withEnvelope(schema.accountId(), schema.connector(), warehouse.name(),
                        schema.capturedAt());
            }
            schemas.add(new Schema(file, schema));
        } catch (SchemaFormatException e) {
            for (SchemaError error : e.errors()) {
                String pointer = error.pointer().isEmpty() ? "" : error.pointer() + ": ";
                errors.add(located(file, error.line(), error.column()) + "error: " + pointer + error.message());
            }
        }
    }

    /** The file's text, or null after recording why it cannot be read. */
    private String readText(String file) {
        try {
            Path path = Path.of(file);
            if (Files.isDirectory(path)) {
                return fail(file, "is a directory, not a file");
            }
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                return fail(file, "is too large (" + size / (1024 * 1024) + " MB; the limit is "
                        + MAX_FILE_BYTES / (1024 * 1024) + " MB)");
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (InvalidPathException e) {
            return fail(file, "is not a valid path: " + e.getReason());
        } catch (NoSuchFileException e) {
            return fail(file, "no such file");
        } catch (CharacterCodingException e) {
            return fail(file, "is not UTF-8 text");
        } catch (IOException e) {
            return fail(file, "cannot be read: " + e);
        }
    }

    private String fail(String file, String message) {
        errors.add(file + ": error: " + message);
        return null;
    }

    private static String located(String file, int line, int column) {
        if (line <= 0) {
            return file + ": ";
        }
        return file + ":" + line + (column > 0 ? ":" + column : "") + ": ";
    }
}
