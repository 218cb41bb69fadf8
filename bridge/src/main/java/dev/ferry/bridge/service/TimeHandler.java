package dev.ferry.bridge.service;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.time.packet.Time;

/** XEP-0202 entity time. */
public final class TimeHandler implements IqHandler {

    private final Clock clock;

    public TimeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String element() {
        return Time.ELEMENT;
    }

    @Override
    public String namespace() {
        return Time.NAMESPACE;
    }

    @Override
    public IQ handle(IQ request) {
        Calendar now = GregorianCalendar.from(ZonedDateTime.now(clock));
        Time reply = new Time(now);
        reply.setType(IQ.Type.result);
        reply.setStanzaId(request.getStanzaId());
        reply.setTo(request.getFrom());
        reply.setFrom(request.getTo());
        return reply;
    }
}
