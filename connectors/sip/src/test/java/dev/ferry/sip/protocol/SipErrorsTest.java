package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.spi.Failure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7247 §6 and §7, as far as the neutral model has the conditions. */
class SipErrorsTest {

    @ParameterizedTest(name = "SIP {0} -> {1}")
    @CsvSource({
            "400, BAD_REQUEST", "401, NOT_AUTHORIZED", "403, FORBIDDEN", "404, ITEM_NOT_FOUND", "405, FEATURE_NOT_IMPLEMENTED",
            "406, NOT_ACCEPTABLE", "407, NOT_AUTHORIZED", "408, REMOTE_SERVER_TIMEOUT", "410, RECIPIENT_UNAVAILABLE",
            "413, POLICY_VIOLATION", "415, BAD_REQUEST", "423, RESOURCE_CONSTRAINT", "480, RECIPIENT_UNAVAILABLE",
            "481, ITEM_NOT_FOUND", "484, ITEM_NOT_FOUND", "486, RECIPIENT_UNAVAILABLE", "488, NOT_ACCEPTABLE",
            "499, BAD_REQUEST", "500, INTERNAL_SERVER_ERROR", "501, FEATURE_NOT_IMPLEMENTED", "502, REMOTE_SERVER_NOT_FOUND",
            "503, SERVICE_UNAVAILABLE", "504, REMOTE_SERVER_TIMEOUT", "580, INTERNAL_SERVER_ERROR", "600, RECIPIENT_UNAVAILABLE",
            "603, RECIPIENT_UNAVAILABLE", "604, ITEM_NOT_FOUND", "606, NOT_ACCEPTABLE", "699, SERVICE_UNAVAILABLE"})
    void sipResponsesToStanzaErrors(int code, Failure failure) {
        assertThat(SipErrors.failure(code)).isEqualTo(failure);
    }

    @ParameterizedTest(name = "{0} -> SIP {1}")
    @CsvSource({
            "BAD_REQUEST, 400", "FEATURE_NOT_IMPLEMENTED, 501", "FORBIDDEN, 403", "INTERNAL_SERVER_ERROR, 500",
            "ITEM_NOT_FOUND, 404", "NOT_ACCEPTABLE, 406", "NOT_AUTHORIZED, 401", "POLICY_VIOLATION, 403",
            "RECIPIENT_UNAVAILABLE, 480", "REMOTE_SERVER_NOT_FOUND, 404", "REMOTE_SERVER_TIMEOUT, 408",
            "RESOURCE_CONSTRAINT, 500", "SERVICE_UNAVAILABLE, 503"})
    void stanzaErrorsToSipResponses(Failure failure, int code) {
        assertThat(SipErrors.code(failure)).isEqualTo(code);
    }
}
