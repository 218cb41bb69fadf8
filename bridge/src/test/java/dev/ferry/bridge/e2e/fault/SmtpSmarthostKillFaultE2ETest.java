package dev.ferry.bridge.e2e.fault;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.ferry.bridge.e2e.E2E;
import dev.ferry.bridge.e2e.MailStage;
import dev.ferry.bridge.e2e.PeerScript;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the SMTP smarthost (a private Postfix, with all its processes) in the middle of a
 * stream of XMPP messages to a mail address, then a restart: Ferry's persistent outbox retries
 * what Postfix never had, tells alice about what it had without answering, and every message
 * arrives once in the mailbox behind Postfix (GreenMail) or alice gets an error.
 */
@Tag("e2e")
class SmtpSmarthostKillFaultE2ETest {

    /** Prosody c2s BASE, component +1, GreenMail SMTP (Postfix's onward hop) +2, IMAP +3, Ferry's listener +4. */
    static final int BASE = 13100;
    static final int POSTFIX_PORT = 13110;
    static final int SIP_PORT = 13120;
    static final int PER_SECOND = 20;

    @TempDir
    Path data;

    /*
     * Caught a real duplicate in CI (2026-11-26 10:35, 1 of 285): Postfix took a mail and was
     * killed before Ferry read its 250, and the outbox sent it again. Since then a connection lost
     * after the final dot is reported to the sender as "may not have arrived", not retried.
     * Out of CI again, run it with FERRY_FAULT_KNOWN_DUPLICATES=1: the fresh-clone CI run of
     * 2026-11-26 13:51 saw mail #63 of 278 arrive twice with no such case in Ferry's log (no mail
     * of unknown fate; 129 deferred mails each sent once later). Not yet known whether Ferry sent
     * it twice or Postfix delivered it twice after its own kill (its queue is at-least-once too).
     */
    @EnabledIfEnvironmentVariable(named = "FERRY_FAULT_KNOWN_DUPLICATES", matches = "1",
            disabledReason = "a duplicate of unknown origin under this fault, see the comment and issue 7")
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killNineOfTheSmarthostMidStreamLosesAndDuplicatesNothing() throws Exception {
        E2E.requireCommand("postfix");
        PeerScript postfix = new PeerScript("postfix", "fault-mail", Map.of("FERRY_SMTP_PORT", Integer.toString(POSTFIX_PORT),
                "FERRY_MAIL_DOMAIN", "mail.localhost", "FERRY_MAIL_LISTENER_PORT", Integer.toString(BASE + 4),
                "FERRY_ONWARD_PORT", Integer.toString(BASE + 2)));
        postfix.run("start");
        try (MailStage stage = MailStage.start("fault-mail", BASE, data, Map.of(
                "FERRY_MAIL_SMARTHOST", "127.0.0.1:" + POSTFIX_PORT,
                "FERRY_SIP_LISTEN", "udp:127.0.0.1:" + SIP_PORT,
                // the per-user cap (60 a minute) would refuse most of a 20/s stream before the fault
                "FERRY_MAIL_SEND_RATE_PER_MINUTE", "0"), true)) {
            streamThroughTheKill(stage, postfix);
        } finally {
            postfix.tryRun("stop");
        }
    }

    private void streamThroughTheKill(MailStage stage, PeerScript postfix) throws Exception {
        MessageTally toMail = new MessageTally("smtp-smarthost-kill9-xmpp-to-mail");
        EntityBareJid carol = JidCreate.entityBareFrom("carol%mail.example@mail.localhost");
        Map<String, Integer> conditions = new ConcurrentHashMap<>();
        Thread errors = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Message m = stage.toAlice.poll(200, TimeUnit.MILLISECONDS);
                    if (m != null && m.getType() == Message.Type.error) {
                        toMail.erroredFrom(m.getBody(), m.getError().toString());
                        conditions.merge(m.getError().getCondition().toString(), 1, Integer::sum);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "alice-errors");
        errors.setDaemon(true);
        errors.start();

        GatedSteadyStream fromAlice = GatedSteadyStream.start("alice", PER_SECOND, n -> {
            try {
                stage.alice.sendStanza(StanzaBuilder.buildMessage("mail-" + n).to(carol).ofType(Message.Type.chat)
                        .setBody(toMail.send(n)).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        try {
            Thread.sleep(3000);
            postfix.run("kill9");
            Thread.sleep(2000);
            postfix.run("start");
            Thread.sleep(4000);
        } finally {
            fromAlice.stop();
        }
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end
                && stage.greenMail.getReceivedMessages().length + toMail.erroredCount() < toMail.sentCount()) {
            Thread.sleep(250);
        }
        Thread.sleep(2000); // a late second copy, if any, would arrive now
        errors.interrupt();
        MimeMessage[] received = stage.greenMail.getReceivedMessages();
        for (MimeMessage m : received) {
            toMail.delivered(GreenMailUtil.getBody(m));
        }
        System.out.println("smtp-smarthost-kill9: mails at the mailbox=" + received.length + ", error conditions=" + conditions);
        FaultLedgers.assertAll(toMail);
    }
}
