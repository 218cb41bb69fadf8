package dev.ferry.bridge.service;

import dev.ferry.bridge.xmpp.JidAddresses;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.FormField;
import dev.ferry.spi.Registrations;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.packet.AdHocCommandData;
import org.jivesoftware.smackx.xdata.packet.DataForm;

/**
 * XEP-0050: the {@code configure} command on every address that takes registration (IRC servers
 * and channels) — the same settings as XEP-0077, for clients that show commands rather than
 * registration. One stage: execute returns the form, submitting it completes.
 */
public final class ConfigureCommandHandler implements GatewayCommand {

    public static final String NODE = "configure";
    public static final String NAME = "Configure";

    private final Supplier<Optional<Registrations>> registrations;

    public ConfigureCommandHandler(Supplier<Optional<Registrations>> registrations) {
        this.registrations = registrations;
    }

    @Override
    public String node() {
        return NODE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean offeredTo(Address user, Address target) {
        return registrations.get().flatMap(r -> r.form(user, target)).isPresent();
    }

    @Override
    public IQ execute(AdHocCommandData command, Address user, Address target) {
        IQ request = command;
        Optional<Registrations> r = registrations.get();
        Optional<List<FormField>> fields = r.flatMap(x -> x.form(user, target));
        if (fields.isEmpty()) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found, "nothing to configure at " + request.getTo());
        }
        AdHocCommandData reply = AdHocCommandsHandler.reply(command);
        if (command.getAction() == AdHocCommand.Action.cancel) {
            reply.setStatus(AdHocCommand.Status.canceled);
            return reply;
        }
        DataForm submitted = command.getForm();
        if (submitted == null || submitted.getType() != DataForm.Type.submit) {
            reply.setSessionID(command.getSessionID() != null ? command.getSessionID() : UUID.randomUUID().toString());
            reply.setStatus(AdHocCommand.Status.executing);
            reply.addAction(AdHocCommand.Action.complete);
            reply.setExecuteAction(AdHocCommand.Action.complete);
            reply.setForm(DataForms.form(AdHocCommandData.NAMESPACE, "Configure " + request.getTo(),
                    "Passwords are stored encrypted; leave one empty to keep it.", fields.get()));
            return reply;
        }
        Delivery outcome = r.get().submit(user, target, DataForms.values(submitted));
        if (outcome.isFailed()) {
            return IqErrors.error(request, StanzaError.Condition.not_acceptable, outcome.detail());
        }
        reply.setSessionID(command.getSessionID());
        reply.setStatus(AdHocCommand.Status.completed);
        // The connector's own words when it has some (a new client certificate's fingerprint).
        reply.addNote(CommandNotes.info(outcome.detail().isEmpty() ? "Saved; it applies from the next connection." : outcome.detail()));
        return reply;
    }
}
