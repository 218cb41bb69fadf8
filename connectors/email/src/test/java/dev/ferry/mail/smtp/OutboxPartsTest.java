package dev.ferry.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxPartsTest {

    @Test
    void queuedMailRoundTripsAndRefusesLineBreaksInTheEnvelope() {
        QueuedMail m = QueuedMail.of("a@x", "b@y", "alice@localhost", "b%y@mail.localhost", "id1", "Subject: s\r\n\r\nbody\n".getBytes());
        assertThat(QueuedMail.parse(m.serialize())).isEqualTo(m);
        assertThatThrownBy(() -> QueuedMail.of("a@x\r\nRCPT TO:<z@evil>", "b@y", "j", "f", "i", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueuedMail.parse("something else")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        SmtpOutbox o = new SmtpOutbox(null, "mail.localhost", null, 1, null, Duration.ofSeconds(10), Duration.ofHours(1));
        assertThat(o.backoff(1)).hasSeconds(1);
        assertThat(o.backoff(2)).hasSeconds(2);
        assertThat(o.backoff(4)).hasSeconds(8);
        assertThat(o.backoff(5)).hasSeconds(10);
        assertThat(o.backoff(500)).hasSeconds(10);
    }

    @Test
    void rateLimitPerClient() throws Exception {
        ClientRateLimiter<java.net.InetAddress> r = new ClientRateLimiter<>(2);
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        assertThat(r.tryAcquire(a, 0)).isTrue();
        assertThat(r.tryAcquire(a, 0)).isTrue();
        assertThat(r.tryAcquire(a, 1)).isFalse();
        assertThat(r.tryAcquire(b, 1)).isTrue();
        assertThat(r.tryAcquire(a, 30_000_000_000L)).isTrue(); // one token back after half a minute
        assertThat(new ClientRateLimiter<java.net.InetAddress>(0).tryAcquire(a, 0)).isTrue();
    }
}
