package io.packops.cli.check;

import picocli.CommandLine.Option;

/** The options every offline check shares ({@code check}, {@code upgrade-check}): the dialect to assume and the output. */
public class OfflineOptions {

    @Option(names = "--warehouse", paramLabel = "<warehouse>",
            description = "Warehouse (SQL dialect) of schemas and catalogs that do not name one, e.g. bare catalogs: "
                    + "${COMPLETION-CANDIDATES}. Default: postgres rules.")
    public Warehouse warehouse;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public OutputFormat format;

    public boolean json() {
        return format == OutputFormat.json;
    }
}
