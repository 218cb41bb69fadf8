package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.spi.Presence.Availability;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PidfTest {

    static final String HEAD = "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' "
            + "xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='sip:bob@example.com'>";

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "open, '', AVAILABLE",
            "open, '<rpid:away/>', AWAY",
            "open, '<rpid:on-the-phone/>', DO_NOT_DISTURB",
            "open, '<rpid:busy/>', DO_NOT_DISTURB",
            "open, '<rpid:vacation/>', EXTENDED_AWAY",
            "open, '<rpid:lunch/>', AVAILABLE",
            "closed, '<rpid:away/>', UNAVAILABLE"})
    void pidfWithRpidToXmppAvailability(String basic, String activity, Availability expected) {
        String doc = HEAD + "<tuple id='t'><status><basic>" + basic + "</basic></status><note>hi &amp; bye</note></tuple>"
                + "<dm:person id='p'><rpid:activities>" + activity + "</rpid:activities></dm:person></presence>";
        assertThat(Pidf.parse(doc.getBytes(StandardCharsets.UTF_8)))
                .contains(new Pidf.Status(expected, Optional.of("hi & bye")));
    }

    @ParameterizedTest
    @EnumSource(Availability.class)
    void whatFerryWritesItReadsBack(Availability a) {
        Availability back = Pidf.parse(Pidf.format("sip:alice*localhost@127.0.0.1", a, Optional.of("<b>&\"x\"</b>"))
                .getBytes(StandardCharsets.UTF_8)).orElseThrow().availability();
        Availability expected = a == Availability.CHAT ? Availability.AVAILABLE : a;
        assertThat(back).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void notPidfIsEmptyAndEntitiesAreNeverExpanded() {
        assertThat(Pidf.parse("<x/>".getBytes())).isEmpty();
        assertThat(Pidf.parse("garbage".getBytes())).isEmpty();
        assertThat(Pidf.parse(("<!DOCTYPE p [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>" + HEAD
                + "<tuple id='t'><status><basic>open</basic></status><note>&e;</note></tuple></presence>").getBytes())).isEmpty();
    }
}
