package dev.ferry.bridge.e2e.fault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final response each call of a SIPp UAC got, from its message log, by call number (the
 * numbered scenario starts its Call-ID with the number). A call missing here got none: SIPp gave
 * up on it after its retransmissions, which is the sender's error too.
 */
final class SippFinalResponses {

    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
    private static final Pattern CALL_NUMBER = Pattern.compile("(?mi)^Call-ID:\\s*(\\d+)-");

    private SippFinalResponses() {
    }

    static Map<Integer, Integer> byCallNumber(String log) {
        Map<Integer, Integer> finals = new LinkedHashMap<>();
        for (String message : SippReceivedMessages.received(log)) {
            Matcher status = STATUS.matcher(message);
            Matcher call = CALL_NUMBER.matcher(message);
            if (status.find() && call.find() && Integer.parseInt(status.group(1)) >= 200) {
                finals.putIfAbsent(Integer.valueOf(call.group(1)), Integer.valueOf(status.group(1)));
            }
        }
        return finals;
    }
}
