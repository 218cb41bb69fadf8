package dev.ferry.bridge.service;

import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverInfoBuilder;

/** XEP-0030 disco#info of the gateway domain itself. */
public final class DiscoInfoHandler implements IqHandler {

    private final GatewayProfile profile;
    private final List<String> features;

    public DiscoInfoHandler(GatewayProfile profile, List<String> features) {
        this.profile = profile;
        this.features = List.copyOf(features);
    }

    @Override
    public String element() {
        return DiscoverInfo.ELEMENT;
    }

    @Override
    public String namespace() {
        return DiscoverInfo.NAMESPACE;
    }

    @Override
    public IQ handle(IQ request) {
        DiscoverInfo query = (DiscoverInfo) request;
        if (request.getTo().hasLocalpart() || query.getNode() != null) {
            // Rooms, users and nodes belong to the connectors; until one answers, say so plainly.
            return IqErrors.error(request, StanzaError.Condition.item_not_found,
                    "no such entity or node on " + profile.domain());
        }
        DiscoverInfoBuilder b = DiscoverInfo.builder(request.getStanzaId())
                .ofType(IQ.Type.result).to(request.getFrom()).from(request.getTo());
        // Smack's Identity takes (category, name, type).
        profile.identities().forEach(i -> b.addIdentity(new DiscoverInfo.Identity(i.category(), i.name(), i.type())));
        b.addFeatures(features);
        return b.build();
    }
}
