package dev.ferry.bridge.service;

import java.util.List;

/**
 * What a component says about itself in disco#info: its identities and features.
 * One per network; the domain comes from the config.
 */
public record GatewayProfile(String network, String domain, String name, List<Identity> identities,
                             List<String> features) {

    public record Identity(String category, String type, String name) {
    }

    public GatewayProfile {
        identities = List.copyOf(identities);
        features = List.copyOf(features);
    }

    /** The XEP-0045 namespace: clients check it on the domain before they join a room there. */
    public static final String MUC = "http://jabber.org/protocol/muc";

    /** The identities XEP-0030's registry gives each kind of gateway Ferry runs. */
    public static GatewayProfile forNetwork(String network, String domain) {
        return switch (network) {
            case "irc" -> new GatewayProfile(network, domain, "Ferry IRC gateway", List.of(
                    new Identity("gateway", "irc", "Ferry IRC gateway"),
                    new Identity("conference", "irc", "IRC channels")), List.of(MUC));
            case "sip" -> new GatewayProfile(network, domain, "Ferry SIP/SIMPLE gateway", List.of(
                    new Identity("gateway", "simple", "Ferry SIP/SIMPLE gateway")), List.of());
            case "mail" -> new GatewayProfile(network, domain, "Ferry email gateway", List.of(
                    new Identity("gateway", "smtp", "Ferry email gateway")), List.of());
            default -> throw new IllegalArgumentException("unknown network " + network);
        };
    }
}
