package io.packops.cli;

import io.packops.cli.exit.ExitCodes;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

import java.io.PrintWriter;

/** The picocli settings shared by all subcommands. */
@ApplicationScoped
public class CommandLineProducer {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setCaseInsensitiveEnumValuesAllowed(true) // usage errors keep picocli's exit code 2 (ExitCodes.BAD_INPUT)
                .setExecutionExceptionHandler(CommandLineProducer::internalError);
    }

    /** An exception escaping a command is a bug: one line on stderr, not a stack trace (unless PACKOPS_DEBUG is set). */
    private static int internalError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": internal error: " + e);
        if (System.getenv("PACKOPS_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set PACKOPS_DEBUG=1 to see the stack trace)");
        }
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }
}
