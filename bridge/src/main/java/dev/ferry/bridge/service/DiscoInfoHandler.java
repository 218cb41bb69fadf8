package dev.ferry.bridge.service;

import dev.ferry.spi.Address;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverInfoBuilder;

/** XEP-0030 disco#info of the gateway domain itself. */
public final class DiscoInfoHandler implements IqHandler {

    private final GatewayProfile profile;
    private final Supplier<List<String>> features;
    private final Function<Address, Optional<EntityInfo>> entities;

    public DiscoInfoHandler(GatewayProfile profile, List<String> features) {
        this(profile, () -> features, address -> Optional.empty());
    }

    /**
     * @param features the domain's features, read at each query (handlers may be added after start)
     * @param entities what the network knows about addresses with a local part (rooms, servers)
     */
    public DiscoInfoHandler(GatewayProfile profile, Supplier<List<String>> features,
                            Function<Address, Optional<EntityInfo>> entities) {
        this.profile = profile;
        this.features = features;
        this.entities = entities;
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
        if (query.getNode() != null) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found,
                    "no node " + query.getNode() + " on " + profile.domain());
        }
        EntityInfo info;
        if (request.getTo().hasLocalpart()) {
            Optional<EntityInfo> entity = entities.apply(dev.ferry.bridge.xmpp.JidAddresses.toAddress(request.getTo()));
            if (entity.isEmpty()) {
                return IqErrors.error(request, StanzaError.Condition.item_not_found,
                        "no such entity on " + profile.domain());
            }
            info = entity.get();
        } else {
            info = new EntityInfo(profile.identities(), features.get());
        }
        DiscoverInfoBuilder b = DiscoverInfo.builder(request.getStanzaId())
                .ofType(IQ.Type.result).to(request.getFrom()).from(request.getTo());
        // Smack's Identity takes (category, name, type).
        info.identities().forEach(i -> b.addIdentity(new DiscoverInfo.Identity(i.category(), i.name(), i.type())));
        b.addFeatures(info.features());
        return b.build();
    }
}
