package dev.ferry.sip.transport;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's own logging, routed to SLF4J (logger {@code dev.ferry.sip.stack}) instead of its
 * log4j 1.2. Debug and trace lines of the stack can carry whole messages, Authorization headers
 * included, so they stay at trace and are off unless an operator turns that logger on.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("dev.ferry.sip.stack");

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack: {}", ex.toString());
    }

    @Override
    public void logDebug(String message) {
        LOG.trace("{}", message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.trace("{}", message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace("{}", message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error("SIP stack: {}", message);
    }

    @Override
    public void logError(String message) {
        LOG.warn("SIP stack: {}", message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isWarnEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // the stack builds expensive debug strings only when asked to; ask for them only at trace
        if (logLevel >= TRACE_DEBUG) {
            return LOG.isTraceEnabled();
        }
        return logLevel >= TRACE_INFO ? LOG.isInfoEnabled() : LOG.isWarnEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.warn("SIP stack: {}: {}", message, ex.toString());
    }

    @Override
    public void logWarning(String message) {
        if (isStartupDefaultNotice(message)) {
            // Five of these at every start without sip.tls-key-store ("TLS ... will be inactive",
            // "using default ... type"): that is the configuration, not a problem to act on.
            LOG.debug("SIP stack: {}", message);
            return;
        }
        LOG.warn("SIP stack: {}", message);
    }

    static boolean isStartupDefaultNotice(String message) {
        return message != null && (message.startsWith("Using default") || message.startsWith("using default")
                || message.startsWith("TLS server settings will be inactive") || message.startsWith("TLS trust settings will be inactive"));
    }

    @Override
    public void logInfo(String message) {
        LOG.debug("SIP stack: {}", message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
