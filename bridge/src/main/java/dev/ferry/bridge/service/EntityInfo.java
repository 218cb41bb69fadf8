package dev.ferry.bridge.service;

import java.util.List;

/** What disco#info says about an address on a gateway: a room, a server, a contact. */
public record EntityInfo(List<GatewayProfile.Identity> identities, List<String> features) {

    public EntityInfo {
        identities = List.copyOf(identities);
        features = List.copyOf(features);
    }
}
