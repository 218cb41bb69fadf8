package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SASL EXTERNAL (CertFP) against real services: Debian's InspIRCd 3 (ssl_gnutls asking for client
 * certificates, sslinfo) with Debian's Atheme 7.2 linked to it. The account knows the certificate
 * the way a person arranges it: NickServ REGISTER, then NickServ CERT ADD with the fingerprint.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslExternalE2eTest {

    private static final int PORT = 11700;
    private static final int TLS_PORT = PORT + 30;
    private ServicesStage stage;
    private String account;
    private ClientCertificate certificate;

    @BeforeAll
    void start() throws Exception {
        stage = ServicesStage.start(PORT, "junit-sasl-external");
        account = ServicesStage.newAccountName("fx");
        certificate = ClientCertificateGenerator.generate(account);
        NickServAccounts.register(PORT, account, "correct-horse-8", certificate.fingerprintSha256());
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (stage != null) {
            stage.close();
        }
    }

    private IrcConnection open(IrcClientSettings settings, RecordingListener l) {
        return stage.open(settings, l);
    }

    private IrcClientSettings tls(String nick, ClientCertificate cert) {
        return IrcClientSettings.plain("127.0.0.1", TLS_PORT, nick).withTls(true, true)
                .withTrust(stage.ircd.stateDir().resolve("tls/ca.pem")).withClientCertificate(cert);
    }

    @Test
    void theCertificateOnTheAccountLogsInByExternal() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = open(tls("certpuppet", certificate), l);
        Registered r = c.registered().get(15, TimeUnit.SECONDS);

        assertThat(r.capabilities()).contains("sasl", "account-tag");
        assertThat(l.await(m -> "900".equals(m.command()), 10, "RPL_LOGGEDIN").params()).contains(account);
        assertThat(l.await(m -> "903".equals(m.command()), 10, "RPL_SASLSUCCESS")).isNotNull();
        c.send(dev.ferry.irc.protocol.IrcMessage.raw("WHOIS", c.nick()));
        // 276: the fingerprint the server saw is ours; 330: the services account is the one we registered
        assertThat(l.await(m -> "276".equals(m.command()), 10, "RPL_WHOISCERTFP").trailing()).endsWith(certificate.fingerprintSha256());
        assertThat(l.await(m -> "330".equals(m.command()), 10, "RPL_WHOISACCOUNT").params()).contains(account);
        assertThat(l.loginNotices).isEmpty();
    }

    @Test
    void aCertificateNotOnTheAccountIsToldAndTheConnectionWorksUnauthenticated() throws Exception {
        ClientCertificate stranger = ClientCertificateGenerator.generate("stranger");
        RecordingListener l = new RecordingListener();
        IrcConnection c = open(tls("strangepuppet", stranger), l);
        Registered r = c.registered().get(20, TimeUnit.SECONDS);

        assertThat(r.nick()).isEqualTo("strangepuppet");
        assertThat(l.loginNotices).singleElement().asString()
                .contains("SASL EXTERNAL login with your client certificate failed on 127.0.0.1: 904")
                .contains("/msg NickServ CERT ADD " + stranger.fingerprintSha256());
        assertThat(l.all).noneMatch(m -> "900".equals(m.command()));
        c.send(dev.ferry.irc.protocol.IrcMessage.raw("WHOIS", c.nick()));
        l.await(m -> "318".equals(m.command()), 10, "RPL_ENDOFWHOIS");
        assertThat(l.all).noneMatch(m -> "330".equals(m.command())); // not logged in, but connected
        c.send(dev.ferry.irc.protocol.IrcMessage.join("#open", null));
        assertThat(l.await(m -> "366".equals(m.command()), 10, "the end of NAMES after JOIN")).isNotNull();
    }
}
