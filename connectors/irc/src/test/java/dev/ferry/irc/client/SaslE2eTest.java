package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SASL PLAIN against real services: Debian's InspIRCd 3 with Debian's Atheme 7.2 linked to it
 * (src/peers/atheme.sh). The account is registered with NickServ the way a person does it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslE2eTest {

    private static final int PORT = 16677;
    private ServicesStage stage;
    private String account;

    @BeforeAll
    void start() throws Exception {
        stage = ServicesStage.start(PORT, "junit-sasl");
        account = ServicesStage.newAccountName("fs");
        NickServAccounts.register(PORT, account, "correct-horse-7", null);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void saslPlainLogsInBeforeRegistrationCompletes() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = stage.open(IrcClientSettings.plain("127.0.0.1", PORT, "puppet1").withSasl(account, "correct-horse-7"), l);
        Registered r = c.registered().get(15, TimeUnit.SECONDS);

        assertThat(r.capabilities()).contains("sasl");
        assertThat(l.await(m -> "900".equals(m.command()), 10, "RPL_LOGGEDIN").params()).contains(account);
        assertThat(l.await(m -> "903".equals(m.command()), 10, "RPL_SASLSUCCESS")).isNotNull();
    }

    @Test
    void aWrongPasswordFailsRegistrationAndSaysSo() {
        IrcConnection c = stage.open(IrcClientSettings.plain("127.0.0.1", PORT, "puppet2").withSasl(account, "wrong"),
                new RecordingListener());
        assertThatThrownBy(() -> c.registered().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("SASL PLAIN login as '" + account + "' failed").hasMessageContaining("904");
    }
}
