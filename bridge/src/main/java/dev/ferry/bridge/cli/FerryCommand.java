package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry}: the operator's entry point (DESIGN.md, operator contract). */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCommand.Version.class,
        description = "XMPP gateway to IRC, SIP/SIMPLE and email, running as XEP-0114 components.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, DbCommand.class, MappingsCommand.class,
                SecretCommand.class, MirrorsCommand.class})
public final class FerryCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FerryCommand());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof ConfigException ce) {
                err.println("ferry: the configuration has problems:");
                ce.problems().forEach(p -> err.println("  - " + p));
                return ExitCodes.CONFIG;
            }
            err.println("ferry: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.FAILURE;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FerryCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ferry " + (v == null ? "dev" : v)};
        }
    }
}
