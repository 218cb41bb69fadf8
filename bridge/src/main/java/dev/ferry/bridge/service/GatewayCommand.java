package dev.ferry.bridge.service;

import dev.ferry.spi.Address;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.commands.packet.AdHocCommandData;

/** One XEP-0050 command the gateway offers, run by {@link AdHocCommandsHandler}. */
public interface GatewayCommand {

    String node();

    String name();

    /** Whether {@code user} may see and run this command at {@code target}. */
    boolean offeredTo(Address user, Address target);

    /** Runs one stage: the form, or its submission. {@code command} is an IQ set for this node. */
    IQ execute(AdHocCommandData command, Address user, Address target);
}
