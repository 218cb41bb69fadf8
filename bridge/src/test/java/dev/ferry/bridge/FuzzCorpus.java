package dev.ferry.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The stanzas Prosody 0.12 really sent ({@code src/test/resources/captures/prosody-0.12}, see its
 * README) and mutations of them, shared by the bridge's fuzz properties.
 */
public final class FuzzCorpus {

    public static final List<String> STANZAS = load();

    private FuzzCorpus() {
    }

    private static List<String> load() {
        List<String> stanzas = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/captures/prosody-0.12"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                stanzas.add(Files.readString(file, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (stanzas.size() < 20) {
            throw new IllegalStateException("XMPP capture corpus missing: " + stanzas.size() + " stanzas");
        }
        return List.copyOf(stanzas);
    }

    /** Real stanzas with markup, entities, controls and odd text spliced in, or cut short. */
    public static Arbitrary<String> mutatedStanzas() {
        Arbitrary<String> noise = Arbitraries.oneOf(
                Arbitraries.of("<", ">", "/>", "</", "'", "\"", "&", "&amp;", "&lt;", "&#0;", "&#x1F600;", "&#xD800;", "&foo;",
                        "<!DOCTYPE x>", "<!ENTITY a 'b'>", "<!-- c -->", "<?pi x?>", "<![CDATA[x]]>", "xmlns=''",
                        " xmlns='jabber:client'", " xmlns:x='urn:x'", " x:y='1'", " type='error'", " type='groupchat'",
                        " to=''", " from='@'", " to='a@b/c/d'", " from='#ferry%irc.example@irc.localhost/nick'",
                        "<body/>", "<subject>t</subject>", "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='-1'/></x>",
                        "<delay xmlns='urn:xmpp:delay' stamp='not-a-date'/>", "<x xmlns='jabber:x:oob'><url/></x>",
                        "<error type='cancel'><bogus/></error>", "<request xmlns='urn:xmpp:receipts'/>", "\u0000", "\uFFFE",
                        "\uD83D\uDE00", "\u00e9"),
                Arbitraries.strings().all().ofMaxLength(4));
        Arbitrary<String> real = Arbitraries.of(STANZAS);
        return Arbitraries.oneOf(
                real,
                real.flatMap(s -> Arbitraries.integers().between(0, s.length())
                        .flatMap(cut -> noise.list().ofMinSize(1).ofMaxSize(3)
                                .map(n -> s.substring(0, cut) + String.join("", n) + s.substring(cut)))),
                real.flatMap(s -> Arbitraries.integers().between(0, s.length() - 1)
                        .flatMap(cut -> Arbitraries.integers().between(1, 20)
                                .map(drop -> s.substring(0, cut) + s.substring(Math.min(s.length(), cut + drop))))));
    }
}
