package dev.ferry.bridge.service;

import dev.ferry.spi.Address;
import dev.ferry.spi.AdminCommands;
import dev.ferry.spi.Delivery;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommand.Action;
import org.jivesoftware.smackx.commands.AdHocCommand.Status;
import org.jivesoftware.smackx.commands.packet.AdHocCommandData;
import org.jivesoftware.smackx.xdata.packet.DataForm;

/**
 * A connector's admin command (mirror an IRC channel, ...) as XEP-0050 on the gateway domain, for
 * the bare JIDs in the config's {@code admins} only. One stage: execute shows the form (or runs a
 * command without fields), submitting it runs the command.
 */
public final class AdminCommand implements GatewayCommand {

    private final AdminCommands owner;
    private final AdminCommands.Command command;
    private final Set<String> admins;

    public AdminCommand(AdminCommands owner, AdminCommands.Command command, Set<String> admins) {
        this.owner = owner;
        this.command = command;
        this.admins = Set.copyOf(admins);
    }

    @Override
    public String node() {
        return command.node();
    }

    @Override
    public String name() {
        return command.name();
    }

    @Override
    public boolean offeredTo(Address user, Address target) {
        return target.local() == null && admins.contains(user.bare().toString());
    }

    @Override
    public IQ execute(AdHocCommandData request, Address user, Address target) {
        AdHocCommandData reply = AdHocCommandsHandler.reply(request);
        if (request.getAction() == Action.cancel) {
            reply.setStatus(Status.canceled);
            return reply;
        }
        DataForm submitted = request.getForm();
        if (!command.fields().isEmpty() && (submitted == null || submitted.getType() != DataForm.Type.submit)) {
            reply.setSessionID(request.getSessionID() != null ? request.getSessionID() : UUID.randomUUID().toString());
            reply.setStatus(Status.executing);
            reply.addAction(Action.complete);
            reply.setExecuteAction(Action.complete);
            reply.setForm(DataForms.form(AdHocCommandData.NAMESPACE, command.name(), command.instructions(), command.fields()));
            return reply;
        }
        Map<String, String> values = submitted == null ? Map.of() : DataForms.values(submitted);
        Delivery outcome = owner.runAdminCommand(command.node(), values);
        if (outcome.isFailed()) {
            return IqErrors.error(request, StanzaError.Condition.not_acceptable, outcome.detail());
        }
        reply.setSessionID(request.getSessionID());
        reply.setStatus(Status.completed);
        reply.addNote(CommandNotes.info(outcome.detail().isEmpty() ? "Done." : outcome.detail()));
        return reply;
    }
}
