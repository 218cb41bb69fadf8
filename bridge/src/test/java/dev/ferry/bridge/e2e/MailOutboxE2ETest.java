package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smarthost is down for a while: mails wait in the persistent outbox — across a Ferry
 * restart — and go out once each when it is back.
 */
@Tag("e2e")
class MailOutboxE2ETest {

    @TempDir
    Path data;
    MailStage stage;

    @AfterEach
    void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    long depth() {
        return stage.ferry.store().outbox().depth("smtp:mail.localhost");
    }

    @Test
    void mailsWaitForTheSmarthostAcrossARestartAndGoOutOnceEach() throws Exception {
        stage = MailStage.start("mail-outbox", 28300, data, Map.of(), false);
        for (int i = 1; i <= 3; i++) {
            stage.alice.sendStanza(StanzaBuilder.buildMessage().to(JidCreate.from("carol%mail.example@mail.localhost"))
                    .ofType(Message.Type.chat).setBody("message " + i).build());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> depth() == 3);
        // No error reaches alice: a deferred mail is not a failed one.
        assertThat(stage.toAlice.poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();

        stage.restartFerry();
        assertThat(depth()).isEqualTo(3);
        Thread.sleep(1500); // the restarted outbox tries at once and backs off: the smarthost is still down
        assertThat(depth()).isEqualTo(3);

        stage.greenMail.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> stage.greenMail.getReceivedMessages().length >= 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> depth() == 0);
        Thread.sleep(3000); // time for a duplicate to show up, if one were coming
        MimeMessage[] got = stage.greenMail.getReceivedMessages();
        assertThat(got).hasSize(3);
        assertThat(Arrays.stream(got).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).containsExactlyInAnyOrder("message 1", "message 2", "message 3");
        assertThat(Arrays.stream(got).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).hasSize(3);
    }
}
