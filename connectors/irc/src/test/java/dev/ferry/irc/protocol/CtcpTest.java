package dev.ferry.irc.protocol;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CtcpTest {

    @Test
    void recognisesRequestsAndReplies() {
        assertThat(Ctcp.parse("\u0001ACTION waves\u0001")).contains(new Ctcp("ACTION", "waves"));
        assertThat(Ctcp.parse("\u0001ACTION waves")).contains(new Ctcp("ACTION", "waves"));
        assertThat(Ctcp.parse("\u0001VERSION\u0001")).contains(new Ctcp("VERSION", ""));
        assertThat(Ctcp.parse("\u0001version rawclient 1.0\u0001")).contains(new Ctcp("VERSION", "rawclient 1.0"));
        assertThat(Ctcp.parse("\u0001\u0001")).isEmpty();
        assertThat(Ctcp.parse("hello")).isEmpty();
        assertThat(Ctcp.parse("\u0001ACTION waves\u0001").orElseThrow().isAction()).isTrue();
    }

    @Test
    void buildsRequestsAndReplies() {
        assertThat(Ctcp.action("waves").encode()).isEqualTo("\u0001ACTION waves\u0001");
        assertThat(Ctcp.versionRequest("bob").toLine()).isEqualTo("PRIVMSG bob \u0001VERSION\u0001");
        assertThat(Ctcp.pingRequest("bob", "123").toLine()).isEqualTo("PRIVMSG bob :\u0001PING 123\u0001");
        Ctcp version = Ctcp.parse("\u0001VERSION\u0001").orElseThrow();
        assertThat(version.reply("alice", "Ferry 0.1").map(IrcMessage::toLine))
                .contains("NOTICE alice :\u0001VERSION Ferry 0.1\u0001");
        assertThat(Ctcp.parse("\u0001PING 42\u0001").orElseThrow().reply("alice", "x").map(IrcMessage::toLine))
                .contains("NOTICE alice :\u0001PING 42\u0001");
        assertThat(Ctcp.action("x").reply("alice", "v")).isEqualTo(Optional.empty());
    }

    @Test
    void refusesInjection() {
        assertThatThrownBy(() -> Ctcp.action("a\r\nQUIT")).hasMessageContaining("CTCP argument contains CR");
        assertThatThrownBy(() -> Ctcp.action("a\u0001b")).hasMessageContaining("\\u0001");
    }

    // found by IrcProtocolFuzzTest: parse threw IllegalArgumentException instead of declining
    @Test
    void textWithCrLfOrNulOrAStrayDelimiterIsNoCtcp() {
        assertThat(Ctcp.parse("\u0001PING a\rb\u0001")).isEmpty();
        assertThat(Ctcp.parse("\u0001VERSION \u0000\u0001")).isEmpty();
        assertThat(Ctcp.parse("\u0001\u0001\u0001")).isEmpty();
    }
}
