package dev.ferry.bridge.bench;

import dev.ferry.bridge.xmpp.StanzaCodec;
import dev.ferry.bridge.xmpp.StanzaParseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Stanza;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Stanzas per second through Ferry's inbound CPU path, single-threaded:
 * <ul>
 *   <li>{@code codecRoundTrip}: {@code StanzaCodec.parse} then {@code serialize} of one stanza as
 *       Prosody delivers it (chat message with chat state, disco#info get, presence);</li>
 *   <li>{@code streamFraming}: the link's Aalto-based decoder turning one read of
 *       {@value #BATCH} wire stanzas into stanza strings (score is per stanza).</li>
 * </ul>
 * Run with e.g. {@code org.openjdk.jmh.Main StanzaCodecBenchmark -wi 2 -i 3 -f 1 -w 2s -r 3s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StanzaCodecBenchmark {

    /** Stanzas per simulated network read: ~24 KiB, several of the decoder's 4 KiB feed slices. */
    static final int BATCH = 96;

    @State(Scope.Thread)
    public static class Codec {
        @Param({"chat", "disco-info", "presence"})
        public String kind;

        final StanzaCodec codec = new StanzaCodec();
        String xml;

        @Setup
        public void pick() throws StanzaParseException {
            xml = switch (kind) {
                case "chat" -> BenchStanzas.CHAT;
                case "disco-info" -> BenchStanzas.DISCO_INFO;
                case "presence" -> BenchStanzas.PRESENCE;
                default -> throw new IllegalArgumentException(kind);
            };
            codec.serialize(codec.parse(xml)); // fail here, not inside the measurement, if the form is refused
        }
    }

    @State(Scope.Thread)
    public static class Framing {
        byte[] read;
        StreamFraming framing;
        long stanzas;

        @Setup(Level.Trial)
        public void buildRead() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < BATCH; i++) {
                out.writeBytes(BenchStanzas.WIRE[i % BenchStanzas.WIRE.length].getBytes(StandardCharsets.UTF_8));
            }
            read = out.toByteArray();
        }

        /** A fresh stream per iteration keeps the parser's position counters from growing without bound. */
        @Setup(Level.Iteration)
        public void openStream(Blackhole bh) {
            stanzas = 0;
            framing = new StreamFraming(event -> {
                stanzas++;
                bh.consume(event);
            });
        }

        @TearDown(Level.Iteration)
        public void closeStream() {
            framing.close();
        }
    }

    @Benchmark
    public String codecRoundTrip(Codec s) throws StanzaParseException {
        Stanza stanza = s.codec.parse(s.xml);
        return s.codec.serialize(stanza);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long streamFraming(Framing s) {
        long before = s.stanzas;
        s.framing.feed(s.read);
        if (s.stanzas - before != BATCH) { // guards against measuring a stream that silently stopped decoding
            throw new IllegalStateException("decoded " + (s.stanzas - before) + " of " + BATCH + " stanzas");
        }
        return s.stanzas;
    }
}
