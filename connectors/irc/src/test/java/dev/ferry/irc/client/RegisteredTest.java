package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.protocol.IrcMessage;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Puppets on one server learn equal ISUPPORT tokens and capabilities; they must share one copy. */
class RegisteredTest {

    /** The two RPL_ISUPPORT lines ngIRCd 26.1 sent on registration (src/peers/ngircd config, 2026-11-26). */
    private static final List<String> NGIRCD_005 = List.of(
            ":irc.ngircd.localhost 005 cap1 RFC2812 IRCD=ngIRCd CHARSET=UTF-8 CASEMAPPING=ascii PREFIX=(qaohv)~&@%+ "
                    + "CHANTYPES=#&+ CHANMODES=beI,k,l,imMnOPQRstVz CHANLIMIT=#&+:0 :are supported on this server",
            ":irc.ngircd.localhost 005 cap1 CHANNELLEN=50 NICKLEN=30 TOPICLEN=490 AWAYLEN=127 KICKLEN=400 MODES=5 "
                    + "MAXLIST=beI:50 EXCEPTS=e INVEX=I PENALTY FNC :are supported on this server");

    private static Map<String, String> ngircdIsupport() {
        Map<String, String> m = new HashMap<>();
        for (String line : NGIRCD_005) {
            List<String> p = IrcMessage.parse(line).params();
            for (String token : p.subList(1, p.size() - 1)) {
                int eq = token.indexOf('=');
                m.put(eq < 0 ? token : token.substring(0, eq), eq < 0 ? "" : token.substring(eq + 1));
            }
        }
        return m;
    }

    @Test
    void equalServerFactsAreOneInstance() {
        Registered first = new Registered("alice", new LinkedHashSet<>(List.of("multi-prefix", "cap-notify")), ngircdIsupport());
        Registered second = new Registered("bob", new LinkedHashSet<>(List.of("cap-notify", "multi-prefix")), ngircdIsupport());

        assertThat(second.isupport()).isSameAs(first.isupport()).containsEntry("NICKLEN", "30").containsEntry("PENALTY", "");
        assertThat(second.capabilities()).isSameAs(first.capabilities());
    }

    @Test
    void differentServersKeepTheirOwnFacts() {
        Map<String, String> other = ngircdIsupport();
        other.put("NICKLEN", "16");
        Registered first = new Registered("alice", Set.of(), ngircdIsupport());
        Registered second = new Registered("alice", Set.of(), other);

        assertThat(second.isupport()).isNotSameAs(first.isupport()).containsEntry("NICKLEN", "16");
        assertThat(first.isupport()).containsEntry("NICKLEN", "30");
    }

    @Test
    void sharedFactsCannotBeChanged() {
        Registered r = new Registered("alice", Set.of("batch"), ngircdIsupport());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.isupport().put("NICKLEN", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
