package dev.ferry.bridge.service;

import dev.ferry.bridge.xmpp.JidAddresses;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.FormField;
import dev.ferry.spi.Registrations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.xdata.packet.DataForm;

/**
 * XEP-0077 with a XEP-0004 form: a user registers their settings for a target with the
 * network's connector (for IRC, per server: {@code irc.example.org@irc.gw}). The form comes from
 * the connector; this handler only speaks the protocol.
 */
public final class RegisterHandler implements IqHandler {

    private final Supplier<Optional<Registrations>> registrations;

    public RegisterHandler(Supplier<Optional<Registrations>> registrations) {
        this.registrations = registrations;
    }

    @Override
    public String element() {
        return Registration.ELEMENT;
    }

    @Override
    public String namespace() {
        return Registration.NAMESPACE;
    }

    /** Offered on servers and channels (their disco#info says so), not on the gateway domain itself. */
    @Override
    public boolean advertisedOnDomain() {
        return false;
    }

    @Override
    public IQ handle(IQ request) {
        Optional<Registrations> connector = registrations.get();
        if (connector.isEmpty()) {
            return IqErrors.error(request, StanzaError.Condition.service_unavailable, "this gateway takes no registration");
        }
        Address user = JidAddresses.toAddress(request.getFrom()).bare();
        Address target = JidAddresses.toAddress(request.getTo());
        Optional<List<FormField>> fields = connector.get().form(user, target);
        if (fields.isEmpty()) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found,
                    "nothing to register at " + request.getTo() + "; register at a server's address, e.g. irc.example.org@" + target.domain());
        }
        if (request.getType() == IQ.Type.get) {
            return form(request, fields.get(), connector.get().isRegistered(user, target));
        }
        Registration set = (Registration) request;
        Delivery outcome;
        if (set.getAttributes() != null && set.getAttributes().containsKey("remove")) {
            outcome = connector.get().remove(user, target);
        } else {
            DataForm submitted = DataForm.from(set);
            if (submitted == null) {
                return IqErrors.error(request, StanzaError.Condition.bad_request, "fill in the data form this gateway sends");
            }
            Map<String, String> values = DataForms.values(submitted);
            outcome = connector.get().submit(user, target, values);
        }
        if (outcome.isFailed()) {
            return IqErrors.error(request, StanzaError.Condition.not_acceptable, outcome.detail());
        }
        return IQ.createResultIQ(request);
    }

    private static IQ form(IQ request, List<FormField> fields, boolean registered) {
        DataForm form = DataForms.form(Registration.NAMESPACE, "Settings for " + request.getTo(),
                "Your settings for " + request.getTo() + ". Passwords are stored encrypted; leave one empty to keep it.", fields);
        Map<String, String> flags = registered ? Map.of("registered", "") : Map.of();
        Registration reply = new Registration("Fill in the form.", flags);
        reply.addExtension(form);
        reply.setType(IQ.Type.result);
        reply.setStanzaId(request.getStanzaId());
        reply.setTo(request.getFrom());
        reply.setFrom(request.getTo());
        return reply;
    }
}
