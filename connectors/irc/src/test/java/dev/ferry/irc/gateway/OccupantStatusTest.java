package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.protocol.AccountChange;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The status text of an IRC occupant's presence: away message and services account together. */
class OccupantStatusTest {

    @ParameterizedTest(name = "away={0} account={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null        | null  | null",
            "null        | alice | logged in as alice",
            "gone to tea | null  | gone to tea",
            "gone to tea | alice | gone to tea (logged in as alice)",
    })
    void describe(String away, String account, String expected) {
        assertThat(OccupantStatus.describe(away, account)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void changesAreReportedOnceAndFollowTheNick() {
        OccupantStatus s = new OccupantStatus();
        assertThat(s.account(new AccountChange("Bob", "bobacct"))).isTrue();
        assertThat(s.account(new AccountChange("bob", "bobacct"))).as("same account, other case: no change").isFalse();
        assertThat(s.status("BOB")).contains("logged in as bobacct");
        assertThat(s.away("bob", "lunch")).isTrue();
        assertThat(s.status("bob")).contains("lunch (logged in as bobacct)");
        s.rename("bob", "robert");
        assertThat(s.status("bob")).isEmpty();
        assertThat(s.status("robert")).contains("lunch (logged in as bobacct)");
        assertThat(s.away("robert", null)).isTrue();
        assertThat(s.account(new AccountChange("robert", null))).isTrue();
        assertThat(s.status("robert")).isEmpty();
        assertThat(s.account(new AccountChange("robert", null))).isFalse();
    }

    @Test
    void forgettingSomeoneDropsTheirStatus() {
        OccupantStatus s = new OccupantStatus();
        s.account(new AccountChange("carol", "c"));
        s.forget("CAROL");
        assertThat(s.status("carol")).isEmpty();
        assertThat(s.away("carol")).isNull();
    }

    @Test
    void aNewConnectionStartsWithNothingKnown() {
        OccupantStatus s = new OccupantStatus();
        s.account(new AccountChange("dave", "d"));
        s.away("erin", "out");
        s.clear();
        assertThat(s.status("dave")).isEmpty();
        assertThat(s.status("erin")).isEmpty();
        assertThat(s.account(new AccountChange("dave", "d"))).isTrue();
    }
}
