package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SASL part of registration, driven line by line with what InspIRCd 3.15 and Atheme 7.2 sent
 * (captures/inspircd/sasl-external.txt): what Ferry answers, what the user is told, and whether
 * the connection goes on. No socket: the handler alone in an embedded channel.
 */
class SaslExternalRegistrationTest {

    // Lines from the capture, verbatim.
    static final String CAP_LS = ":irc.inspircd.localhost CAP * LS :account-notify account-tag away-notify batch cap-notify "
            + "echo-message extended-join inspircd.org/poison inspircd.org/standard-replies message-tags multi-prefix "
            + "sasl=PLAIN,EXTERNAL server-time userhost-in-names ";
    static final String CAP_ACK = ":irc.inspircd.localhost CAP qpe75839 ACK :sasl";
    static final String AUTHENTICATE_GO_ON = "AUTHENTICATE :+";
    static final String LOGGED_IN = ":irc.inspircd.localhost 900 ppe75839 ppe75839!u@127.0.0.1 pe75839 :You are now logged in as pe75839";
    static final String SASL_SUCCESS = ":irc.inspircd.localhost 903 ppe75839 :SASL authentication successful";
    static final String SASL_FAILED = ":irc.inspircd.localhost 904 qpe75839 :SASL authentication failed";
    static final String SASL_MECHS = ":irc.inspircd.localhost 908 qpe75839 PLAIN,EXTERNAL :are available SASL mechanisms";
    static final String WELCOME = ":irc.inspircd.localhost 001 qpe75839 :Welcome to the FerryTest IRC Network qpe75839!u@127.0.0.1";

    private final RecordingListener listener = new RecordingListener();
    private IrcConnection connection;
    private EmbeddedChannel channel;

    private void connect(IrcClientSettings settings) {
        connection = new IrcConnection(settings, listener);
        channel = new EmbeddedChannel(new RegistrationHandler(settings, connection));
        assertThat(sent()).containsExactly("CAP LS 302", "NICK puppet", "USER puppet 0 * puppet");
    }

    private static IrcClientSettings tlsWithCertificate() throws IOException {
        return IrcClientSettings.plain("localhost", 6697, "puppet").withTls(true, true)
                .withClientCertificate(ClientCertificate.parsePem(ClientCertificateTest.samplePem()));
    }

    private void receive(String line) {
        channel.writeInbound(IrcMessage.parse(line));
    }

    /** The lines the handler wrote since the last call, as they would go on the wire. */
    private List<String> sent() {
        List<String> lines = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            lines.add(((IrcMessage) o).toLine());
        }
        return lines;
    }

    @Test
    void aCertificateLogsInByExternal() throws IOException {
        connect(tlsWithCertificate());
        receive(CAP_LS);
        assertThat(sent()).singleElement().asString().startsWith("CAP REQ :").contains("sasl").contains("account-tag");
        receive(CAP_ACK);
        assertThat(sent()).containsExactly("AUTHENTICATE EXTERNAL");
        receive(AUTHENTICATE_GO_ON);
        assertThat(sent()).containsExactly("AUTHENTICATE +"); // no authzid: the account the certificate names
        receive(LOGGED_IN);
        receive(SASL_SUCCESS);
        assertThat(sent()).containsExactly("CAP END");
        assertThat(listener.loginNotices).isEmpty();
        assertThat(connection.registered()).isNotDone();
    }

    @Test
    void aFailedExternalTellsTheUserTheFingerprintAndGoesOnUnauthenticated() throws IOException {
        connect(tlsWithCertificate());
        receive(CAP_LS);
        receive(CAP_ACK);
        receive(AUTHENTICATE_GO_ON);
        sent();
        receive(SASL_FAILED);
        assertThat(sent()).containsExactly("CAP END");
        assertThat(listener.loginNotices).singleElement().asString()
                .contains("SASL EXTERNAL login with your client certificate failed on localhost: 904 SASL authentication failed")
                .contains("/msg NickServ CERT ADD b997785d8df923b7ed93de46751454653dfbf8c9f54339ee79d40c8c11aa825c");
        receive(WELCOME);
        assertThat(connection.registered()).isNotCompletedExceptionally();
        receive(SASL_FAILED); // a late repeat changes nothing
        assertThat(sent()).isEmpty();
        assertThat(listener.loginNotices).hasSize(1);
    }

    @Test
    void theServersMechanismListIsPartOfTheReason() throws IOException {
        connect(tlsWithCertificate());
        receive(CAP_LS);
        receive(CAP_ACK);
        receive(AUTHENTICATE_GO_ON);
        receive(SASL_MECHS);
        receive(SASL_FAILED);
        assertThat(listener.loginNotices).singleElement().asString().contains("(the server offers PLAIN,EXTERNAL)");
    }

    @Test
    void withAPasswordTooAFailedExternalFallsBackToPlain() throws IOException {
        connect(tlsWithCertificate().withSasl("account", "secret"));
        receive(CAP_LS);
        assertThat(sent()).singleElement().asString().startsWith("CAP REQ :");
        receive(CAP_ACK);
        receive(AUTHENTICATE_GO_ON);
        assertThat(sent()).containsExactly("AUTHENTICATE EXTERNAL", "AUTHENTICATE +");
        receive(SASL_FAILED);
        assertThat(sent()).containsExactly("AUTHENTICATE PLAIN");
        assertThat(listener.loginNotices).singleElement().asString().endsWith("Trying SASL PLAIN instead.");
        receive(AUTHENTICATE_GO_ON);
        assertThat(sent()).containsExactly("AUTHENTICATE " + SaslPlain.payloads("account", "secret").get(0));
        receive(SASL_FAILED); // PLAIN credentials make a login a must: the existing rule
        assertThat(connection.registered()).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("SASL PLAIN login as 'account' failed: 904");
    }

    @Test
    void aServerWithoutExternalIsSaidAndNoSaslIsAsked() throws IOException {
        connect(tlsWithCertificate());
        receive(CAP_LS.replace("sasl=PLAIN,EXTERNAL", "sasl=PLAIN"));
        assertThat(sent()).singleElement().asString().doesNotContain("sasl");
        assertThat(listener.loginNotices).singleElement().asString().contains("offers no SASL EXTERNAL (only PLAIN)");
    }

    @Test
    void aCertificateIsNotUsedWithoutTls() throws IOException {
        connect(tlsWithCertificate().withTls(false, true));
        receive(CAP_LS);
        assertThat(sent()).singleElement().asString().doesNotContain("sasl");
        assertThat(listener.loginNotices).singleElement().asString().contains("it is sent only over TLS");
    }

    @Test
    void withoutCertificateNothingChangesForPlain() {
        connect(IrcClientSettings.plain("localhost", 6667, "puppet").withSasl("account", "secret"));
        receive(CAP_LS);
        assertThat(sent()).singleElement().asString().contains("sasl");
        receive(CAP_ACK);
        assertThat(sent()).containsExactly("AUTHENTICATE PLAIN");
        assertThat(listener.loginNotices).isEmpty();
    }
}
