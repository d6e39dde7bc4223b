package io.packops.cli.exit;

import java.io.PrintWriter;

/** The exit codes of every packops command, like a compiler's. */
public final class ExitCodes {
    /** Everything checked is fine. */
    public static final int OK = 0;
    /** The command ran and found a problem (e.g. an incompatible pack). */
    public static final int FINDINGS = 1;
    /** Bad usage or bad input: missing or unreadable file, invalid manifest or schema. */
    public static final int BAD_INPUT = 2;
    /** A packops service could not be reached or answered with a server error. */
    public static final int UNAVAILABLE = 4;
    /** A bug in packops; reported in one line, never as a stack trace unless PACKOPS_DEBUG is set. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }

    /**
     * A failure the command did not expect (a service or the machine let it down): one line naming it, the stack trace
     * only with {@code PACKOPS_DEBUG} set, and {@link #UNAVAILABLE}.
     */
    public static int unavailable(PrintWriter err, String command, Exception e) {
        err.println(command + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        if (System.getenv("PACKOPS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return UNAVAILABLE;
    }
}
