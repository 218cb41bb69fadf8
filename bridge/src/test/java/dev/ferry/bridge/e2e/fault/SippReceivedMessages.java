package dev.ferry.bridge.e2e.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MESSAGE requests in a SIPp UAS's message log, one per SIP transaction: a retransmission
 * (same Call-ID and CSeq) is the same request, which a phone's transaction layer absorbs (RFC 3261
 * §17.2.2), so it is not a second delivery. A new transaction with the same body would be.
 */
final class SippReceivedMessages {

    private static final Pattern CALL_ID = Pattern.compile("(?mi)^Call-ID:\\s*(\\S+)\\s*$");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*(\\d+)\\s+MESSAGE\\s*$");

    private SippReceivedMessages() {
    }

    /** Every SIP message SIPp received, as text from its first line, in the order of its -message_file log. */
    static List<String> received(String log) {
        List<String> messages = new ArrayList<>();
        for (String block : log.replace("\r", "").split("\n-{20,}[^\n]*\n")) {
            int received = block.indexOf("message received");
            if (received >= 0) {
                messages.add(block.substring(block.indexOf('\n', received) + 1).stripLeading());
            }
        }
        return messages;
    }

    /** MESSAGE requests in {@code log}, retransmissions included. */
    static int copies(String log) {
        return (int) received(log).stream().filter(m -> m.startsWith("MESSAGE ")).count();
    }

    /** Body of each MESSAGE transaction in {@code log}, keyed by Call-ID and CSeq, in arrival order. */
    static Map<String, String> byTransaction(String log) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String message : received(log)) {
            if (!message.startsWith("MESSAGE ")) {
                continue;
            }
            Matcher callId = CALL_ID.matcher(message);
            Matcher cseq = CSEQ.matcher(message);
            int bodyAt = message.indexOf("\n\n");
            if (!callId.find() || !cseq.find() || bodyAt < 0) {
                continue;
            }
            bodies.putIfAbsent(callId.group(1) + " " + cseq.group(1), message.substring(bodyAt + 2).strip());
        }
        return bodies;
    }
}
