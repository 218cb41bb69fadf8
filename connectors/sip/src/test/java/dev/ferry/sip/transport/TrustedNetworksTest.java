package dev.ferry.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedNetworksTest {

    @Test
    void addressesInsideTheNetworksOnly() throws Exception {
        TrustedNetworks t = TrustedNetworks.parse(List.of("127.0.0.1/32", "10.1.0.0/17", "::1"));
        assertThat(t.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(t.contains(InetAddress.getByName("10.1.127.255"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("10.1.128.0"))).isFalse();
        assertThat(t.contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("::2"))).isFalse();
    }

    @Test
    void rateLimitTellsWhenToComeBack() throws Exception {
        SourceRateLimiter l = new SourceRateLimiter(2, 3);
        InetAddress a = InetAddress.getByName("127.0.0.9");
        long t = 1_000_000_000L;
        assertThat(l.retryAfter(a, t)).isZero();
        assertThat(l.retryAfter(a, t)).isZero();
        assertThat(l.retryAfter(a, t)).isZero();
        assertThat(l.retryAfter(a, t)).isEqualTo(1);
        assertThat(l.retryAfter(InetAddress.getByName("127.0.0.8"), t)).as("each source has its own bucket").isZero();
        assertThat(l.retryAfter(a, t + 600_000_000L)).as("a token back after 0.5 s").isZero();
        assertThat(new SourceRateLimiter(0, 1).retryAfter(a, t)).as("0 = no limit").isZero();
    }
}
