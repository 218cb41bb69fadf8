package dev.ferry.sip.transport;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's message log: only the first line of each message (method or status), at trace,
 * so no header (Authorization, Proxy-Authorization) and no body is ever written.
 */
public final class SilentServerLogger implements ServerLogger {

    private static final Logger LOG = LoggerFactory.getLogger("dev.ferry.sip.wire");

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        log(message, from, to, sender);
    }

    private static void log(SIPMessage message, String from, String to, boolean sender) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} {} -> {}: {}", sender ? "sent" : "received", from, to, message.getFirstLine().trim());
        }
    }

    @Override
    public void logException(Exception ex) {
        LOG.debug("SIP stack: {}", ex.toString());
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public void setSipStack(SipStack sipStack) {
    }
}
