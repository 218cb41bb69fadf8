package dev.ferry.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class IqErrorsTest {

    @Test
    void anErrorReplyLeavesOtherIqsAlone() throws Exception {
        IQ error = IqErrors.error("q1", JidCreate.from("alice@localhost/pc"), JidCreate.from("irc.localhost"),
                StanzaError.Condition.item_not_found, "no such channel");

        assertThat(error.getType()).isEqualTo(IQ.Type.error);
        assertThat(error.getStanzaId()).isEqualTo("q1");
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
        // Smack 4.4.8's ErrorIQ.builder(error) turned every later default-constructed IQ into an error.
        assertThat(new DiscoverItems().getType()).isEqualTo(IQ.Type.get);
    }
}
