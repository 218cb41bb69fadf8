package dev.ferry.bridge.service;

import dev.ferry.bridge.xmpp.JidAddresses;
import dev.ferry.spi.Address;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.packet.AdHocCommandData;

/**
 * XEP-0050 for one gateway: every command (per-user {@code configure}, the connector's admin
 * commands) under one IQ namespace, chosen by node. A command that is not offered to the asking
 * user at that address is {@code item-not-found} (or {@code forbidden} when it exists there but is
 * for admins), so nobody learns more than they may run.
 */
public final class AdHocCommandsHandler implements IqHandler {

    private final List<GatewayCommand> commands = new CopyOnWriteArrayList<>();

    public void add(GatewayCommand command) {
        commands.add(command);
    }

    /** The commands {@code user} may run at {@code target}, for the commands node of disco#items. */
    public List<GatewayCommand> offeredTo(Address user, Address target) {
        return commands.stream().filter(c -> c.offeredTo(user, target)).toList();
    }

    @Override
    public String element() {
        return AdHocCommandData.ELEMENT;
    }

    @Override
    public String namespace() {
        return AdHocCommandData.NAMESPACE;
    }

    /** Clients look for commands on the gateway itself only when there are admin commands there. */
    @Override
    public boolean advertisedOnDomain() {
        return commands.stream().anyMatch(AdminCommand.class::isInstance);
    }

    @Override
    public IQ handle(IQ request) {
        if (request.getType() != IQ.Type.set || !(request instanceof AdHocCommandData command)) {
            return IqErrors.error(request, StanzaError.Condition.bad_request, "commands are run with an IQ set");
        }
        Address user = JidAddresses.toAddress(request.getFrom()).bare();
        Address target = JidAddresses.toAddress(request.getTo());
        Optional<GatewayCommand> named = commands.stream().filter(c -> c.node().equals(command.getNode())).findFirst();
        if (named.isEmpty()) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found, "no command " + command.getNode() + " here");
        }
        Optional<GatewayCommand> runnable = commands.stream()
                .filter(c -> c.node().equals(command.getNode()) && c.offeredTo(user, target)).findFirst();
        if (runnable.isEmpty()) {
            return named.get() instanceof AdminCommand && target.local() == null
                    ? IqErrors.error(request, StanzaError.Condition.forbidden, command.getNode() + " is for the gateway's admins")
                    : IqErrors.error(request, StanzaError.Condition.item_not_found, "no command " + command.getNode()
                            + " at " + request.getTo());
        }
        return runnable.get().execute(command, user, target);
    }

    static AdHocCommandData reply(AdHocCommandData command) {
        AdHocCommandData reply = new AdHocCommandData();
        reply.setType(IQ.Type.result);
        reply.setStanzaId(command.getStanzaId());
        reply.setTo(command.getFrom());
        reply.setFrom(command.getTo());
        reply.setNode(command.getNode());
        return reply;
    }
}
