package dev.ferry.bridge.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The stage of the mail e2e tests: an isolated Prosody, GreenMail in-process as the smarthost
 * (SMTP, and IMAP for the mailbox mode), Ferry with its SMTP listener, alice and bob logged in
 * with real clients; what reaches them from the mail gateway is queued per user.
 */
public final class MailStage implements AutoCloseable {

    final ProsodyPeer prosody;
    public final GreenMail greenMail;
    final int smtpPort;
    final int listenerPort;
    final Path data;
    final Map<String, String> env;
    FerryRuntime ferry;
    public final XMPPTCPConnection alice;
    final XMPPTCPConnection bob;
    public final BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();

    private MailStage(ProsodyPeer prosody, GreenMail greenMail, int smtpPort, int listenerPort, Path data, Map<String, String> env,
                      FerryRuntime ferry) throws Exception {
        this.prosody = prosody;
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
        this.listenerPort = listenerPort;
        this.data = data;
        this.env = env;
        this.ferry = ferry;
        this.alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort, s -> collect(s, toAlice));
        this.bob = XmppClients.login("bob", ProsodyPeer.DOMAIN, prosody.c2sPort, s -> collect(s, toBob));
    }

    private static void collect(org.jivesoftware.smack.packet.Stanza s, BlockingQueue<Message> queue) {
        if (s instanceof Message m && m.getFrom() != null && m.getFrom().getDomain().toString().equals("mail.localhost")) {
            queue.add(m);
        }
    }

    /**
     * @param base a port in the mail range: Prosody c2s base, component base+1, GreenMail SMTP base+2,
     *             IMAP base+3, Ferry's listener base+4 (Prosody's HTTP is c2s+58)
     */
    public static MailStage start(String name, int base, Path data, Map<String, String> extraEnv, boolean greenMailUp) throws Exception {
        ProsodyPeer prosody = ProsodyPeer.start(name, base, base + 1);
        GreenMail greenMail = null;
        FerryRuntime ferry = null;
        try {
            greenMail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(base + 2, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(base + 3, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
            if (greenMailUp) {
                greenMail.start();
            }
            Map<String, String> env = FerryUnderTest.env(base + 1, data);
            env.put("FERRY_MAIL_LISTEN", "127.0.0.1:" + (base + 4));
            env.put("FERRY_MAIL_SMARTHOST", "127.0.0.1:" + (base + 2));
            env.put("FERRY_MAIL_RETRY_MAX_SECONDS", "2");
            env.putAll(extraEnv);
            ferry = FerryUnderTest.start(env);
            ferry.firstConnect().get(30, TimeUnit.SECONDS);
            return new MailStage(prosody, greenMail, base + 2, base + 4, data, env, ferry);
        } catch (Exception | Error e) {
            if (ferry != null) {
                ferry.close();
            }
            if (greenMail != null) {
                greenMail.stop();
            }
            prosody.close();
            throw e;
        }
    }

    void restartFerry() throws Exception {
        ferry.close();
        ferry = FerryUnderTest.start(env);
        ferry.firstConnect().get(30, TimeUnit.SECONDS);
    }

    MailSmtpClient smtp() throws Exception {
        return new MailSmtpClient(listenerPort);
    }

    static Message next(BlockingQueue<Message> queue) throws InterruptedException {
        Message m = queue.poll(20, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message from the mail gateway within 20 s");
        }
        return m;
    }

    @Override
    public void close() {
        alice.disconnect();
        bob.disconnect();
        ferry.close();
        greenMail.stop();
        prosody.close();
    }
}
