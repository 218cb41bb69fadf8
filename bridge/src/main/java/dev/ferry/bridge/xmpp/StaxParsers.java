package dev.ferry.bridge.xmpp;

import java.lang.reflect.Field;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the StAX reader under a Smack parser once a stanza is parsed. Smack never closes it, and
 * Aalto hands its input and name buffers back to its per-thread recycler only on close: unclosed,
 * each stanza parse allocated 14 KB, closed 3.8 KB (ThreadMXBean, a groupchat message, Smack
 * 4.4.8 with Aalto), and that garbage was the largest single share of Ferry's allocation per
 * relayed line (JFR, src/bench/irc/latency.sh). Smack keeps the reader in a private field of
 * {@code StaxXmlPullParser} with no accessor; where that field is not there (another Smack, another
 * parser) nothing is closed and parsing goes on as before.
 */
final class StaxParsers {

    private static final Logger LOG = LoggerFactory.getLogger(StaxParsers.class);
    private static final Field READER = readerField();

    private StaxParsers() {
    }

    /** Lets the parser's buffers go back to the recycler; {@code parser} is done with (may be null). */
    static void release(XmlPullParser parser) {
        if (READER == null || parser == null || parser.getClass() != READER.getDeclaringClass()) {
            return;
        }
        try {
            ((XMLStreamReader) READER.get(parser)).close();
        } catch (IllegalAccessException | XMLStreamException e) {
            LOG.debug("could not close a StAX reader: {}", e.toString());
        }
    }

    private static Field readerField() {
        try {
            Field f = Class.forName("org.jivesoftware.smack.xml.stax.StaxXmlPullParser").getDeclaredField("xmlStreamReader");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("Smack's StAX parser has no reader field here ({}); its buffers are "
                    + "not recycled", e.toString());
            return null;
        }
    }
}
