package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.stream.LinkFailure.Kind;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class LinkFailureTest {

    private final ComponentLinkSettings settings = ComponentLinkSettings.of("irc.localhost", "127.0.0.1", 5347, "s3cr3t-value");

    @Test
    void mapsStreamErrorConditionsToKinds() {
        assertThat(LinkFailure.kindOfCondition("not-authorized")).isEqualTo(Kind.NOT_AUTHORIZED);
        assertThat(LinkFailure.kindOfCondition("host-unknown")).isEqualTo(Kind.HOST_UNKNOWN);
        assertThat(LinkFailure.kindOfCondition("improper-addressing")).isEqualTo(Kind.HOST_UNKNOWN);
        assertThat(LinkFailure.kindOfCondition("conflict")).isEqualTo(Kind.CONFLICT);
        assertThat(LinkFailure.kindOfCondition("policy-violation")).isEqualTo(Kind.POLICY_VIOLATION);
        assertThat(LinkFailure.kindOfCondition("not-well-formed")).isEqualTo(Kind.NOT_WELL_FORMED);
        assertThat(LinkFailure.kindOfCondition("restricted-xml")).isEqualTo(Kind.RESTRICTED_XML);
        assertThat(LinkFailure.kindOfCondition("system-shutdown")).isEqualTo(Kind.STREAM_ERROR);
    }

    @Test
    void keepsTheServersTextInTheDetail() {
        LinkFailure failure = new FailureClassifier(settings).fromStreamError(
                new StreamEvent.StreamError("system-shutdown", "Server is restarting"));
        assertThat(failure.kind()).isEqualTo(Kind.STREAM_ERROR);
        assertThat(failure.detail()).isEqualTo("system-shutdown: Server is restarting");
        assertThat(failure.fatal()).isFalse();
    }

    @Test
    void refusedHandshakeIsFatalOnlyWithFailFast() {
        StreamEvent.StreamError notAuthorized = new StreamEvent.StreamError("not-authorized", "");
        assertThat(new FailureClassifier(settings).fromStreamError(notAuthorized).fatal()).isFalse();
        assertThat(new FailureClassifier(settings.withFailFast(true)).fromStreamError(notAuthorized).fatal()).isTrue();
        assertThat(new FailureClassifier(settings.withFailFast(true)).of(Kind.CONFLICT, "").fatal()).isFalse();
    }

    @Test
    void humanMessagesNameTheComponentTheServerAndWhatToDo() {
        FailureClassifier failures = new FailureClassifier(settings);
        assertThat(failures.fromStreamError(new StreamEvent.StreamError("not-authorized", "Given token does not match calculated token"))
                .humanMessage())
                .isEqualTo("component irc.localhost: the server refused the handshake (not-authorized: Given token does not match"
                        + " calculated token): the component secret in xmpp.components.irc.secret does not match the server's");
        assertThat(failures.fromConnectFailure(new ConnectException("Connection refused")).humanMessage())
                .isEqualTo("component irc.localhost: connection refused by 127.0.0.1:5347:"
                        + " is the XMPP server running and its component port open?");
        for (Kind kind : Kind.values()) {
            assertThat(failures.of(kind, "x").humanMessage()).startsWith("component irc.localhost: ").doesNotContain("s3cr3t");
        }
    }

    @Test
    void settingsNeverPrintTheSecret() {
        assertThat(settings.toString()).doesNotContain("s3cr3t").contains("irc.localhost", "127.0.0.1:5347");
    }

    @Test
    void threeArgumentConstructorStillWorks() {
        LinkFailure failure = new LinkFailure(Kind.IO_ERROR, "reset", false);
        assertThat(failure.humanMessage()).contains("reset");
    }
}
