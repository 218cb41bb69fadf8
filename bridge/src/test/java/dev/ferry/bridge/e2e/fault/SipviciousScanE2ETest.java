package dev.ferry.bridge.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ferry.bridge.e2e.E2E;
import dev.ferry.bridge.e2e.FerryUnderTest;
import dev.ferry.bridge.e2e.ProsodyPeer;
import dev.ferry.bridge.e2e.SipSipp;
import dev.ferry.bridge.e2e.XmppClients;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SIPVicious scans Ferry's SIP listener from an untrusted source (loopback 127.0.0.1, while
 * {@code sip.trusted} names only 127.0.0.2): svmap finds it, svwar tries to enumerate users,
 * svcrack tries passwords. Ferry answers every request from there 403 before looking at the user
 * (so known and unknown users look the same), stays up, logs no secret, and a real MESSAGE from the
 * trusted phone still reaches alice afterwards.
 */
@Tag("e2e")
class SipviciousScanE2ETest {

    static final int C2S_PORT = 13300;
    static final int COMPONENT_PORT = 13301;
    static final int SIP_PORT = 13312;
    static final int PHONE_PORT = 13313;
    static final int SCANNER_PORT = 13390;
    static final Duration BOUND = Duration.ofSeconds(60);
    /** Users a scanner would try: real ones (alice*localhost is a working address), missing ones, and extensions. */
    static final List<String> NAMES = List.of("alice*localhost", "bob*localhost", "nobody*localhost", "alice", "admin", "100", "1000");
    static final List<String> PASSWORDS = List.of("alice", "password", "123456", "sip-secret", "ferry-guess-7");

    @TempDir
    Path data;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void scansFindNothingToEnumerateAndFerryKeepsServing() throws Exception {
        E2E.requireCommand("svmap");
        E2E.requireCommand("sipp");
        Path names = Files.write(data.resolve("names.txt"), NAMES, StandardCharsets.UTF_8);
        Path passwords = Files.write(data.resolve("passwords.txt"), PASSWORDS, StandardCharsets.UTF_8);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger sip = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.ferry.sip");
        Level sipLevel = sip.getLevel();
        try (ProsodyPeer prosody = ProsodyPeer.start("fault-scan", C2S_PORT, COMPONENT_PORT)) {
            Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
            env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:" + SIP_PORT + ",tcp:127.0.0.1:" + SIP_PORT);
            env.put("FERRY_SIP_TRUSTED", "127.0.0.2/32");
            // svcrack re-sends its REGISTER forever while it gets 403 (it waits for a challenge);
            // the per-source limit's 503 is what makes it stop. svwar's few names stay within the burst.
            env.put("FERRY_SIP_RATE_LIMIT_PER_SECOND", "20");
            env.put("FERRY_SIP_RATE_LIMIT_BURST", "60");
            try (FerryRuntime ferry = FerryUnderTest.start(env)) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
                log.start();
                root.addAppender(log);
                sip.setLevel(Level.DEBUG); // what Ferry says about refused requests is checked too
                try {
                    String target = "127.0.0.1";
                    String port = Integer.toString(SIP_PORT);
                    SipviciousRun map = SipviciousRun.run(BOUND, "svmap", "-p", port, "-P", Integer.toString(SCANNER_PORT), target);
                    report("svmap", map);
                    // found (it answers, 403), but nothing tells what it is: no Server or User-Agent header
                    assertThat(map.output()).contains("127.0.0.1:" + SIP_PORT).containsPattern("\\| *unknown *\\|");
                    SipviciousRun warRegister = SipviciousRun.run(BOUND, "svwar", "-p", port, "-P", Integer.toString(SCANNER_PORT + 1),
                            "-d", names.toString(), "--force", target);
                    report("svwar REGISTER", warRegister);
                    // alice*localhost is a working address, nobody*localhost is not: the scanner cannot tell.
                    // (Before, REGISTER got 405 with an Allow list from anyone: the method table ran before the trust check.)
                    assertThat(warRegister.output()).contains("found nothing").doesNotContain("method not allowed");
                    SipviciousRun warOptions = SipviciousRun.run(BOUND, "svwar", "-p", port, "-P", Integer.toString(SCANNER_PORT + 2),
                            "-m", "OPTIONS", "-e", "100-120", "--force", target);
                    report("svwar OPTIONS", warOptions);
                    assertThat(warOptions.output()).contains("found nothing").contains("403 Forbidden");
                    SipviciousRun crack = SipviciousRun.run(BOUND, "svcrack", "-p", port, "-P", Integer.toString(SCANNER_PORT + 3),
                            "-u", "alice*localhost", "-d", passwords.toString(), target);
                    report("svcrack", crack);
                    assertThat(crack.output()).contains("found nothing");
                } finally {
                    root.detachAppender(log);
                    sip.setLevel(sipLevel);
                }
                stillServes(alice);
                alice.disconnect();
            }
        }
        for (ILoggingEvent e : log.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage());
            assertThat(line).as("a log line during the scans").doesNotContain("sip-secret", "irc-secret", "mail-secret",
                    "ferry-guess-7", "Authorization", "response=\"");
        }
        System.out.println("sipvicious: Ferry wrote " + log.list.size() + " log lines during the scans, none with a secret");
    }

    private static void report(String what, SipviciousRun run) {
        System.out.println("---- " + what + " (exit " + run.exitCode() + ", " + run.millis() + " ms) ----\n" + run.output());
    }

    /** The trusted phone's MESSAGE still reaches alice after the scans. */
    private static void stillServes(XMPPTCPConnection alice) throws Exception {
        try (StanzaCollector inbox = alice.createStanzaCollector(MessageTypeFilter.CHAT);
             SipSipp uac = SipSipp.start("message-uac.xml", "127.0.0.2", PHONE_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                     Map.of("body", "after the scans", "from", "bob", "subject", "x", "ctype", "text/plain"), "-s", "alice*localhost")) {
            assertThat(uac.await()).as(uac.output()).isTrue();
            assertThat(uac.status()).isEqualTo("202 Accepted");
            Message got = inbox.nextResult(10_000);
            assertThat((Object) got).as("the MESSAGE after the scans reached alice").isNotNull();
            assertThat(got.getBody()).isEqualTo("after the scans");
        }
    }
}
