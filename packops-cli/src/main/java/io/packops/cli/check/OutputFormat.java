package io.packops.cli.check;

/** {@code --format}; lower-case for picocli's help and error messages, as {@link Warehouse}. */
public enum OutputFormat {
    text, json
}
