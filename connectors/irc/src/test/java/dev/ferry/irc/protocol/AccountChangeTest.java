package dev.ferry.irc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a line says about someone's services account. Every line is one InspIRCd 3.15 sent with
 * Atheme 7.2 linked (captures/inspircd/account.txt and sasl-external.txt).
 */
class AccountChangeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // account-notify: logged in, logged out
            "@account=pg76875 :pg76875!pg76875@127.0.0.1 ACCOUNT :pg76875 | pg76875 | pg76875",
            ":pg76875!pg76875@127.0.0.1 ACCOUNT :* | pg76875 | null",
            // extended-join: with and without an account
            "@account=pg76875 :pg76875!pg76875@127.0.0.1 JOIN #acct3 pg76875 :x | pg76875 | pg76875",
            ":pg76875!pg76875@127.0.0.1 JOIN #acct3 * :x | pg76875 | null",
            // account-tag on any line
            "@account=pf76807 :pf76807!pf76807@127.0.0.1 PRIVMSG #acct2 :tagged | pf76807 | pf76807",
            "@account=pg76875 :pg76875!pg76875@127.0.0.1 PART :#acct3 | pg76875 | pg76875",
            // our own login and logout
            ":irc.inspircd.localhost 900 pg76875 pg76875!pg76875@127.0.0.1 pg76875 :You are now logged in as pg76875 | pg76875 | pg76875",
            ":irc.inspircd.localhost 900 ppe75839 ppe75839!u@127.0.0.1 pe75839 :You are now logged in as pe75839 | ppe75839 | pe75839",
            ":irc.inspircd.localhost 901 pg76875 pg76875!pg76875@127.0.0.1 :You are now logged out | pg76875 | null",
            // WHOX replies to our WHO #chan %tna,152
            ":irc.inspircd.localhost 354 wpf76807 152 pf76807 :pf76807 | pf76807 | pf76807",
            ":irc.inspircd.localhost 354 wpf76807 152 wpf76807 :0 | wpf76807 | null",
    })
    void aLineReportsAnAccount(String line, String nick, String account) {
        assertThat(AccountChange.of(IrcMessage.parse(line))).contains(new AccountChange(nick, account));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a plain JOIN (no extended-join) and lines without the tag say nothing about accounts
            ":qpe75839!u@127.0.0.1 JOIN :#acct",
            ":irc.inspircd.localhost 353 pe75839 = #acct :@pe75839",
            ":irc.inspircd.localhost 315 wpf76807 #acct2 :End of /WHO list.",
            ":SaslServ!SaslServ@services.localhost NOTICE pe75839 :ppe75839!u@127.0.0.1 has just authenticated as you (pe75839)",
            // someone else's WHOX (another token) is not ours to read
            ":irc.inspircd.localhost 354 wpf76807 999 pf76807 :pf76807",
            // a server never has an account
            "@account=x :irc.inspircd.localhost NOTICE * :hello",
    })
    void otherLinesReportNothing(String line) {
        assertThat(AccountChange.of(IrcMessage.parse(line))).isEmpty();
    }

    @Test
    void everyCapturedLineParsesWithoutSurprise() throws IOException {
        for (String file : List.of("account.txt", "sasl-external.txt", "alice.txt", "bob.txt")) {
            try (InputStream in = getClass().getResourceAsStream("/captures/inspircd/" + file)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Optional<AccountChange> change = AccountChange.of(IrcMessage.parse(line));
                    change.ifPresent(c -> assertThat(c.nick()).as(line).isNotBlank().doesNotContain(" ", "!", "@"));
                    change.ifPresent(c -> assertThat(c.account()).as(line).isNotEqualTo("*").isNotEqualTo("0"));
                }
            }
        }
    }

    @Test
    void theWhoxRequestAsksForTokenNickAndAccount() {
        assertThat(AccountChange.whoxRequest("#acct2").toLine()).isEqualTo("WHO #acct2 %tna,152");
    }
}
