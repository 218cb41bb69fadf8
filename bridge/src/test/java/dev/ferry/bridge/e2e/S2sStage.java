package dev.ferry.bridge.e2e;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The stage of a server-to-server test: a loopback DNS server (dnsmasq) holding the SRV and A
 * records of the test domains, a federating Prosody for {@link #XMPP_DOMAIN}, an ngIRCd, and
 * Ferry serving {@link #IRC_DOMAIN} in s2s mode; alice logged in on Prosody.
 *
 * <p>Ports from {@code base}: DNS +53, Prosody c2s +22, Prosody s2s +69, Prosody http +80 (unused),
 * Ferry s2s +70, IRC +67. Test classes use different bases (29100, 29200, ...).
 */
final class S2sStage implements AutoCloseable {

    static final String XMPP_DOMAIN = "xmpp.ferry.example";
    static final String IRC_DOMAIN = "irc.ferry.example";

    /** What differs between scenarios. */
    record Options(boolean prosodyTrustsFerry, boolean prosodyCertHasClientAuth, Map<String, String> ferryEnv, String server,
                   boolean directTls) {

        Options(boolean prosodyTrustsFerry, boolean prosodyCertHasClientAuth) {
            this(prosodyTrustsFerry, prosodyCertHasClientAuth, Map.of(), "prosody", false);
        }

        Options(boolean prosodyTrustsFerry, boolean prosodyCertHasClientAuth, Map<String, String> ferryEnv) {
            this(prosodyTrustsFerry, prosodyCertHasClientAuth, ferryEnv, "prosody", false);
        }

        Options(boolean prosodyTrustsFerry, boolean prosodyCertHasClientAuth, Map<String, String> ferryEnv, String server) {
            this(prosodyTrustsFerry, prosodyCertHasClientAuth, ferryEnv, server, false);
        }
    }

    final int base;
    /** The CAs' directory, removed on close. */
    final Path tlsDir;
    final S2sTestCa ca;
    final PeerScript dns;
    final PeerScript ngircd;
    final PeerScript prosody;
    final Map<String, String> ferryEnv;
    FerryRuntime ferry;
    XMPPTCPConnection alice;

    private S2sStage(int base, Path tlsDir, S2sTestCa ca, PeerScript dns, PeerScript ngircd, PeerScript prosody,
                     Map<String, String> ferryEnv) {
        this.base = base;
        this.tlsDir = tlsDir;
        this.ca = ca;
        this.dns = dns;
        this.ngircd = ngircd;
        this.prosody = prosody;
        this.ferryEnv = ferryEnv;
    }

    int c2sPort() {
        return base + 22;
    }

    int prosodyS2sPort() {
        return base + 69;
    }

    int ferryS2sPort() {
        return base + 70;
    }

    int ircPort() {
        return base + 67;
    }

    int dnsPort() {
        return base + 53;
    }

    /** {@code #chan%127.0.0.1@irc.ferry.example}: the IRC server is ngIRCd on the test port (irc.default-port). */
    static String room(String channel) {
        return channel + "%localhost@" + IRC_DOMAIN;
    }

    static S2sStage start(String name, int base, Path data, Options options) throws Exception {
        E2E.requireCommand(options.server().equals("ejabberd") ? "ejabberdctl" : "prosody");
        E2E.requireCommand("ngircd");
        E2E.requireCommand("dnsmasq");
        Path tls = Files.createTempDirectory("ferry-s2s-ca");
        // Prosody runs as its own user and must reach its certificate and key in here.
        Files.setPosixFilePermissions(tls, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        S2sTestCa ca = S2sTestCa.create(tls.resolve("ca"), "Ferry S2S Test CA " + name);
        S2sTestCa other = S2sTestCa.create(tls.resolve("other-ca"), "Some Other CA");
        S2sTestCa.Leaf prosodyCert = ca.issue("prosody", XMPP_DOMAIN, options.prosodyCertHasClientAuth());
        S2sTestCa.Leaf ferryCert = ca.issue("ferry-irc", IRC_DOMAIN, true);

        PeerScript dns = new PeerScript("dnsmasq", name, Map.of(
                "FERRY_DNS_PORT", Integer.toString(base + 53),
                "FERRY_DNS_ZONE", "ferry.example",
                // ejabberd resolves SRV targets with the system's getaddrinfo, not its inetrc: for it the
                // target is "localhost", which every system resolves to loopback.
                "FERRY_DNS_SRV", "_xmpp-server._tcp." + IRC_DOMAIN + "," + (options.server().equals("ejabberd") ? "localhost" : IRC_DOMAIN)
                        + "," + (base + 70)
                        + " _xmpp-server._tcp." + XMPP_DOMAIN + "," + XMPP_DOMAIN + "," + (base + 69)
                        // XEP-0368: a direct TLS port for Prosody, which Ferry prefers at equal priority.
                        + (options.directTls() ? " _xmpps-server._tcp." + XMPP_DOMAIN + "," + XMPP_DOMAIN + "," + (base + 68) : ""),
                "FERRY_DNS_HOSTS", IRC_DOMAIN + ",127.0.0.1 " + XMPP_DOMAIN + ",127.0.0.1"));
        PeerScript ngircd = new PeerScript("ngircd", name, Map.of("FERRY_IRC_PORT", Integer.toString(base + 67)));
        Map<String, String> prosodyEnv = new HashMap<>();
        prosodyEnv.put("FERRY_PROSODY_TEMPLATE", "prosody-s2s");
        prosodyEnv.put("FERRY_EJABBERD_TEMPLATE", "ejabberd-s2s");
        prosodyEnv.put("FERRY_DNS_PORT", Integer.toString(base + 53));
        prosodyEnv.put("FERRY_EJABBERD_DIST_PORT", Integer.toString(base + 99));
        prosodyEnv.put("FERRY_XMPP_DOMAIN", XMPP_DOMAIN);
        prosodyEnv.put("FERRY_C2S_PORT", Integer.toString(base + 22));
        prosodyEnv.put("FERRY_S2S_PORT", Integer.toString(base + 69));
        prosodyEnv.put("FERRY_S2S_DIRECT_TLS_PORT", options.directTls() ? Integer.toString(base + 68) : "");
        prosodyEnv.put("FERRY_HTTP_PORT", Integer.toString(base + 80));
        prosodyEnv.put("FERRY_COMPONENT_PORT", Integer.toString(base + 47));
        prosodyEnv.put("FERRY_DNS_FORWARD", "127.0.0.1@" + (base + 53));
        prosodyEnv.put("FERRY_TLS_CERT", prosodyCert.certificate().toString());
        prosodyEnv.put("FERRY_TLS_KEY", prosodyCert.key().toString());
        prosodyEnv.put("FERRY_CA_FILE", (options.prosodyTrustsFerry() ? ca : other).certificate.toString());
        PeerScript prosody = new PeerScript(options.server(), name, prosodyEnv);

        Map<String, String> env = FerryUnderTest.env(base + 47, data);
        env.put("FERRY_XMPP_COMPONENTS_IRC_DOMAIN", IRC_DOMAIN);
        env.put("FERRY_XMPP_COMPONENTS_IRC_MODE", "s2s");
        env.put("FERRY_XMPP_COMPONENTS_IRC_SECRET", "");
        env.put("FERRY_XMPP_COMPONENTS_IRC_CERTIFICATE", ferryCert.certificate().toString());
        env.put("FERRY_XMPP_COMPONENTS_IRC_PRIVATE_KEY", ferryCert.key().toString());
        for (String off : new String[] {"SIP", "MAIL"}) {
            env.put("FERRY_XMPP_COMPONENTS_" + off + "_DOMAIN", "");
            env.put("FERRY_XMPP_COMPONENTS_" + off + "_SECRET", "");
        }
        env.put("FERRY_XMPP_S2S_LISTEN", "127.0.0.1:" + (base + 70));
        env.put("FERRY_XMPP_S2S_TRUST_STORE", ca.certificate.toString());
        env.put("FERRY_XMPP_S2S_DNS_SERVER", "127.0.0.1:" + (base + 53));
        env.put("FERRY_XMPP_S2S_DIALBACK_SECRET_FILE", data.resolve("dialback.key").toString());
        env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(base + 67));
        env.put("FERRY_IRC_TLS", "false");
        env.putAll(options.ferryEnv());

        S2sStage stage = new S2sStage(base, tls, ca, dns, ngircd, prosody, env);
        try {
            dns.run("start");
            ngircd.run("start");
            prosody.startFresh();
            stage.ferry = FerryUnderTest.start(env);
            stage.alice = XmppClients.login("alice", XMPP_DOMAIN, base + 22);
            return stage;
        } catch (Exception | Error e) {
            stage.close();
            throw e;
        }
    }

    /** Stops Ferry and starts it again on the same store, as an operator's restart would. */
    void restartFerry() throws Exception {
        ferry.close();
        ferry = null;
        ferry = FerryUnderTest.start(ferryEnv);
    }

    /** How many streams authenticated, e.g. ("in", "EXTERNAL"). */
    long authentications(String direction, String mechanism) {
        return ferry.s2s().orElseThrow().authentications(direction, mechanism);
    }

    @Override
    public void close() {
        if (alice != null) {
            alice.disconnect();
        }
        if (ferry != null) {
            ferry.close();
        }
        prosody.tryRun("stop");
        ngircd.tryRun("stop");
        dns.tryRun("stop");
        E2E.deleteTree(tlsDir);
    }
}
