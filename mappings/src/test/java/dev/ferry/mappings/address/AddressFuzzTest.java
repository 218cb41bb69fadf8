package dev.ferry.mappings.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes every address codec with strings built from the characters that matter to them
 * (separators, XEP-0106 escapes, CR/LF/NUL, non-ASCII) plus well-formed pieces from real addresses.
 * Properties: refusal is by {@link AddressException} only, and what parses formats back to itself.
 * Seeds are fixed so CI runs the same inputs every time.
 */
class AddressFuzzTest {

    private static final String SEED = "7106";
    private static final String FIXED_SERVER = "irc.libera.chat";

    @Provide
    Arbitrary<String> localparts() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("#", "&", "+", "!", "%", "@", "\\40", "\\5c", "\\25", "\\20", "\\", ".", "..", "-", "*",
                        ":", ";", "?", "<", ">", "'", "\"", " ", ",", "\r", "\n", "\0", "\t", "\u00e9", "\u2028", "\uD83D\uDE00",
                        "irc.libera.chat", "example.org", "alice", "bob", "#ferry", "sip.example.com", "xn--bcher-kva.example"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(3));
        return piece.list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.oneOf(
                Arbitraries.of("irc.libera.chat", "example.org", "a", "xn--bcher-kva.example", "127.0.0.1"),
                Arbitraries.strings().withChars("abz09-.").ofMinLength(1).ofMaxLength(70));
    }

    @Property(tries = 3000, seed = SEED)
    void ircLocalpartsParseOrAreRefusedAndRoundTrip(@ForAll("localparts") String localpart) {
        IrcAddress parsed = refusedOnlyByAddressException(() -> IrcAddress.parse(localpart));
        if (parsed != null) {
            assertThat(IrcAddress.parse(parsed.format())).isEqualTo(parsed);
        }
        IrcAddress fixed = refusedOnlyByAddressException(() -> IrcAddress.parse(localpart, FIXED_SERVER));
        if (fixed != null) {
            assertThat(IrcAddress.parse(fixed.formatLocalpart(FIXED_SERVER), FIXED_SERVER)).isEqualTo(fixed);
        }
    }

    @Property(tries = 2000, seed = SEED)
    void ircAddressesThatConstructRoundTrip(@ForAll("hosts") String server, @ForAll("localparts") String target) {
        IrcAddress address = refusedOnlyByAddressException(() -> IrcAddress.of(server, target));
        if (address != null) {
            assertThat(IrcAddress.parse(address.format())).isEqualTo(address);
        }
    }

    @Property(tries = 3000, seed = SEED)
    void sipAddressesParseOrAreRefusedAndRoundTrip(@ForAll("localparts") String localpart) {
        SipAddress parsed = refusedOnlyByAddressException(() -> SipAddress.parse(localpart));
        if (parsed != null) {
            assertThat(SipAddress.parse(parsed.format())).isEqualTo(parsed);
            assertThat(SipAddress.parseUri(parsed.toSipUri())).isEqualTo(parsed);
        }
        SipAddress uri = refusedOnlyByAddressException(() -> SipAddress.parseUri("sip:" + localpart));
        if (uri != null) {
            assertThat(SipAddress.parseUri(uri.toSipUri())).isEqualTo(uri);
        }
        JidAddress jid = refusedOnlyByAddressException(() -> SipAddress.jidFromUser(localpart, "*"));
        if (jid != null) {
            assertThat(SipAddress.jidFromUser(SipAddress.userForJid(jid, "*"), "*")).isEqualTo(jid);
        }
    }

    @Property(tries = 3000, seed = SEED)
    void mailAddressesParseOrAreRefusedAndRoundTrip(@ForAll("localparts") String localpart) {
        MailAddress parsed = refusedOnlyByAddressException(() -> MailAddress.parse(localpart));
        if (parsed != null) {
            assertThat(MailAddress.parse(parsed.format())).isEqualTo(parsed);
            assertThat(MailAddress.parseAddress(parsed.toAddress())).isEqualTo(parsed);
        }
        MailAddress plain = refusedOnlyByAddressException(() -> MailAddress.parseAddress(localpart));
        if (plain != null) {
            assertThat(MailAddress.parseAddress(plain.toAddress())).isEqualTo(plain);
        }
        JidAddress jid = refusedOnlyByAddressException(() -> MailAddress.jidFromLocalPart(localpart, "*"));
        if (jid != null) {
            assertThat(MailAddress.jidFromLocalPart(MailAddress.localPartForJid(jid, "*"), "*")).isEqualTo(jid);
        }
    }

    @Property(tries = 2000, seed = SEED)
    void jidsParseOrAreRefusedAndRoundTrip(@ForAll("localparts") String local, @ForAll("hosts") String domain) {
        for (String input : new String[] {local, local + "@" + domain}) {
            JidAddress jid = refusedOnlyByAddressException(() -> JidAddress.parse(input));
            if (jid != null) {
                assertThat(JidAddress.parse(jid.format())).isEqualTo(jid);
            }
        }
    }

    /** Whitespace other than U+0020 is escaped as {@code \20} too (jxmpp), so only space survives. */
    @Property(tries = 2000, seed = SEED)
    void xep0106EscapeIsReversible(@ForAll("localparts") String raw) {
        boolean otherWhitespace = raw.chars().anyMatch(c -> c != ' ' && Character.isWhitespace(c));
        String back = Xep0106.unescape(Xep0106.escape(raw));
        if (otherWhitespace) {
            assertThat(back).hasSameSizeAs(raw);
        } else {
            assertThat(back).isEqualTo(raw);
        }
    }

    /** Runs {@code parse}; an {@link AddressException} yields null, any other exception fails the property. */
    static <T> T refusedOnlyByAddressException(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (AddressException refused) {
            assertThat(refused.getMessage()).doesNotContain("\r", "\n", "\0");
            return null;
        }
    }

}
