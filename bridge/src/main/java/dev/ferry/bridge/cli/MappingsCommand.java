package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.ConfigSchema;
import dev.ferry.mappings.store.LinkedAccount;
import dev.ferry.mappings.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "mappings", description = "Linked identities: which foreign address belongs to which JID.",
        subcommands = {MappingsCommand.ListLinks.class, MappingsCommand.Add.class, MappingsCommand.Remove.class})
final class MappingsCommand {

    static void checkNetwork(String network) {
        // mail-alias: an address on the mail gateway's own domain (alice@mail.example.org) that reaches a JID.
        if (!ConfigSchema.NETWORKS.contains(network) && !network.equals("mail-alias")) {
            throw new IllegalArgumentException("unknown network '" + network + "': use one of " + ConfigSchema.NETWORKS
                    + " or mail-alias");
        }
    }

    @Command(name = "list", description = "List linked accounts.")
    static final class ListLinks implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = config.openStore()) {
                out.printf("%-30s %-5s %-40s %s%n", "JID", "NET", "ADDRESS", "VERIFIED");
                for (LinkedAccount a : store.identities().list()) {
                    out.printf("%-30s %-5s %-40s %s%n", a.jid(), a.network(), a.foreignAddress(), a.verified() ? "yes" : "no");
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", description = "Link a foreign address to a JID, e.g. `ferry mappings add alice@example.org sip sip:alice@pbx.example.org`.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "JID")
        String jid;
        @Parameters(index = "1", paramLabel = "NETWORK", description = "irc, sip or mail")
        String network;
        @Parameters(index = "2", paramLabel = "ADDRESS")
        String address;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            checkNetwork(network);
            try (Store store = config.openStore()) {
                store.identities().link(jid, network, address);
            }
            spec.commandLine().getOut().println("linked " + network + " " + address + " -> " + jid);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove the link of a foreign address.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;
        @Parameters(index = "1", paramLabel = "ADDRESS")
        String address;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            checkNetwork(network);
            try (Store store = config.openStore()) {
                if (!store.identities().unlink(network, address)) {
                    spec.commandLine().getErr().println("ferry: no link for " + network + " " + address);
                    return ExitCodes.FAILURE;
                }
            }
            spec.commandLine().getOut().println("removed " + network + " " + address);
            return ExitCodes.OK;
        }
    }
}
