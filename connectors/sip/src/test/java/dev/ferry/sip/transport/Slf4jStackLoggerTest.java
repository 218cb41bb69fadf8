package dev.ferry.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of JAIN-SIP's warnings an operator sees: its start-up notices about defaults are not. */
class Slf4jStackLoggerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // the five lines JAIN-SIP RI 1.3.0-91 writes at every start without a TLS key store
            "using default tls security policy | true",
            "Using default keystore type pkcs12 | true",
            "TLS server settings will be inactive - TLS key store will use JVM defaults keyStoreType=pkcs12 | true",
            "Using default truststore type pkcs12 | true",
            "TLS trust settings will be inactive - TLS trust store will use JVM defaults. trustStoreType=pkcs12 | true",
            "Dropping message: Timeout waiting for ACK | false",
            "Could not create TLS client connection | false"})
    void startupNoticesAreNotWarnings(String message, boolean notice) {
        assertThat(Slf4jStackLogger.isStartupDefaultNotice(message)).isEqualTo(notice);
    }
}
