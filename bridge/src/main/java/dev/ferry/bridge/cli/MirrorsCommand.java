package dev.ferry.bridge.cli;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.mappings.store.RoomMirror;
import dev.ferry.mappings.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jxmpp.jid.impl.JidCreate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "mirrors", description = {"IRC channels mirrored into existing MUC rooms by one relay bot.",
        "Changes take effect when Ferry starts."},
        subcommands = {MirrorsCommand.ListMirrors.class, MirrorsCommand.Add.class, MirrorsCommand.Remove.class})
final class MirrorsCommand {

    @Command(name = "list", description = "List mirrors.")
    static final class ListMirrors implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = config.openStore()) {
                out.printf("%-4s %-25s %-20s %-35s %s%n", "ID", "IRC SERVER", "CHANNEL", "MUC", "BOT");
                for (RoomMirror m : store.mirrors().list()) {
                    out.printf("%-4d %-25s %-20s %-35s %s%n", m.id(), m.ircServer(), m.channel(), m.mucJid(), m.botNick());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", description = "Mirror an IRC channel into a MUC room, e.g. `ferry mirrors add irc.libera.chat '#ferry' ferry@conference.example.org`.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "IRC_SERVER")
        String server;
        @Parameters(index = "1", paramLabel = "CHANNEL")
        String channel;
        @Parameters(index = "2", paramLabel = "MUC_ROOM", description = "bare JID of the existing room")
        String muc;
        @Option(names = "--nick", defaultValue = "ferry-relay", description = "the bot's nick on both sides (default ${DEFAULT-VALUE})")
        String nick;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try {
                IrcAddress.room(server, channel);
                IrcAddress.user(server, nick);
            } catch (AddressException e) {
                spec.commandLine().getErr().println("ferry: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (JidCreate.entityBareFromOrNull(muc) == null) {
                spec.commandLine().getErr().println("ferry: '" + muc + "' is not a room address (room@conference.example.org)");
                return ExitCodes.USAGE;
            }
            try (Store store = config.openStore()) {
                long id = store.mirrors().add(server, channel, muc, nick);
                spec.commandLine().getOut().println("mirror " + id + ": " + channel + " on " + server + " <-> " + muc
                        + " as " + nick + " (restart Ferry to start it)");
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("ferry: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove a mirror by its id (see `ferry mirrors list`).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "ID")
        long id;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Store store = config.openStore()) {
                if (!store.mirrors().remove(id)) {
                    spec.commandLine().getErr().println("ferry: no mirror " + id);
                    return ExitCodes.FAILURE;
                }
            }
            spec.commandLine().getOut().println("removed mirror " + id + " (restart Ferry to stop it)");
            return ExitCodes.OK;
        }
    }
}
