package dev.ferry.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.xmpp.StanzaCodec;
import dev.ferry.spi.Address;
import dev.ferry.spi.AdminCommands;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.packet.AdHocCommandData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0050 on the gateway: admin commands for admins only, and every answer well-formed on the wire. */
class AdHocCommandsHandlerTest {

    private final StanzaCodec codec = new StanzaCodec();
    private final List<Map<String, String>> ran = new ArrayList<>();
    private final AdHocCommandsHandler handler = new AdHocCommandsHandler();

    private final AdminCommands mirrors = new AdminCommands() {
        @Override
        public List<Command> adminCommands() {
            return List.of(new Command("mirror-add", "Mirror a channel", "relays as <nick> text",
                    List.of(new FormField("channel", "Channel", FormField.Kind.TEXT, true, Optional.empty(), ""))));
        }

        @Override
        public Delivery runAdminCommand(String node, Map<String, String> values) {
            ran.add(values);
            return values.get("channel").isBlank() ? Delivery.failed(Failure.BAD_REQUEST, "channel: empty")
                    : Delivery.delivered("Mirror 1: " + values.get("channel") + " <-> den@conference & co");
        }
    };

    @BeforeEach
    void setUp() {
        mirrors.adminCommands().forEach(c -> handler.add(new AdminCommand(mirrors, c, Set.of("admin@localhost"))));
    }

    private IQ run(String from, String xml) throws Exception {
        IQ request = (IQ) codec.parse("<iq xmlns='jabber:component:accept' type='set' id='c1' to='irc.localhost' from='"
                + from + "'>" + xml + "</iq>");
        IQ answer = handler.handle(request);
        // What goes on the component stream must read back: a stray '<' drops the whole link.
        return (IQ) codec.parse(codec.serialize(answer).replaceFirst("<iq ", "<iq xmlns='jabber:component:accept' "));
    }

    @Test
    void anAdminGetsTheFormThenTheResultAsAWellFormedNote() throws Exception {
        AdHocCommandData form = (AdHocCommandData) run("admin@localhost/pc",
                "<command xmlns='http://jabber.org/protocol/commands' node='mirror-add' action='execute'/>");
        assertThat(form.getStatus()).isEqualTo(AdHocCommand.Status.executing);
        assertThat(form.getForm().getField("channel")).isNotNull();

        AdHocCommandData done = (AdHocCommandData) run("admin@localhost/pc",
                "<command xmlns='http://jabber.org/protocol/commands' node='mirror-add' action='complete' sessionid='s1'>"
                        + "<x xmlns='jabber:x:data' type='submit'><field var='channel'><value>#den</value></field></x></command>");
        assertThat(done.getStatus()).isEqualTo(AdHocCommand.Status.completed);
        assertThat(done.getNotes()).singleElement().satisfies(n ->
                assertThat(n.getValue()).isEqualTo("Mirror 1: #den <-> den@conference & co"));
        assertThat(ran).containsExactly(Map.of("channel", "#den"));
    }

    @Test
    void someoneElseIsForbiddenAndSeesNoCommands() throws Exception {
        IQ refused = run("alice@localhost/pc", "<command xmlns='http://jabber.org/protocol/commands' node='mirror-add' action='execute'/>");
        assertThat(refused.getError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
        assertThat(handler.offeredTo(Address.of("alice", "localhost"), Address.domain("irc.localhost"))).isEmpty();
        assertThat(handler.offeredTo(Address.of("admin", "localhost"), Address.domain("irc.localhost")))
                .extracting(GatewayCommand::node).containsExactly("mirror-add");
        assertThat(ran).isEmpty();
    }

    @Test
    void adminCommandsLiveOnTheGatewayDomainOnly() throws Exception {
        IQ request = (IQ) codec.parse("<iq xmlns='jabber:component:accept' type='set' id='c2' to='#den%localhost@irc.localhost' "
                + "from='admin@localhost/pc'><command xmlns='http://jabber.org/protocol/commands' node='mirror-add'/></iq>");
        assertThat(handler.handle(request).getError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
    }

    @Test
    void aRefusedSubmissionIsNotAcceptableWithTheReason() throws Exception {
        IQ refused = run("admin@localhost/pc", "<command xmlns='http://jabber.org/protocol/commands' node='mirror-add' "
                + "action='complete'><x xmlns='jabber:x:data' type='submit'><field var='channel'><value> </value></field></x></command>");
        assertThat(refused.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(refused.getError().getDescriptiveText()).isEqualTo("channel: empty");
    }

    @Test
    void unknownNodeIsItemNotFound() throws Exception {
        IQ refused = run("admin@localhost/pc", "<command xmlns='http://jabber.org/protocol/commands' node='nope'/>");
        assertThat(refused.getError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
    }
}
