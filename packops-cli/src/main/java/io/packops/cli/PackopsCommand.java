package io.packops.cli;

import io.packops.cli.check.CheckCommand;
import io.packops.cli.drill.DrillCommand;
import io.packops.cli.publish.PublishCommand;
import io.packops.cli.up.UpCommand;
import io.packops.cli.upgrade.UpgradeCheckCommand;
import io.packops.cli.who.WhoCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/**
 * The {@code packops} command. It does nothing by itself: picocli reports a missing subcommand as a
 * usage error. A new subcommand is one class added to {@code subcommands}.
 */
@TopCommand
@Command(name = "packops",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Launch operations for connector dashboard packs.",
        subcommands = {CheckCommand.class, WhoCommand.class, PublishCommand.class, UpCommand.class, DrillCommand.class,
                UpgradeCheckCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 incompatible pack, 2 bad input or usage, 3 internal error, 4 service unavailable."})
public class PackopsCommand {
}
