package dev.ferry.bridge.bench.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tcpdump's text output ({@code -tt -A}): a header line per packet, then its bytes as ASCII over one or more lines. */
final class TcpdumpText {

    /** One captured packet with a payload: kernel time in µs, source and destination ports, the payload as text. */
    interface Packets {
        void packet(long micros, int srcPort, int dstPort, CharSequence payload);
    }

    private static final Pattern HEADER = Pattern.compile(
            "^(\\d+)\\.(\\d{6}) IP \\d+\\.\\d+\\.\\d+\\.\\d+\\.(\\d+) > \\d+\\.\\d+\\.\\d+\\.\\d+\\.(\\d+):");

    private TcpdumpText() {
    }

    static void read(BufferedReader in, Packets packets) throws IOException {
        long micros = 0;
        int src = 0;
        int dst = 0;
        StringBuilder payload = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            Matcher h = HEADER.matcher(line);
            if (h.find()) {
                deliver(packets, micros, src, dst, payload);
                payload.setLength(0);
                micros = Long.parseLong(h.group(1)) * 1_000_000 + Long.parseLong(h.group(2));
                src = Integer.parseInt(h.group(3));
                dst = Integer.parseInt(h.group(4));
            } else {
                payload.append(line).append('\n');
            }
        }
        deliver(packets, micros, src, dst, payload);
    }

    /** Packets without payload (ACKs, the first header) are left out. */
    private static void deliver(Packets packets, long micros, int src, int dst, CharSequence payload) {
        if (payload.length() > 0) {
            packets.packet(micros, src, dst, payload);
        }
    }

    /** The earliest of two sightings, 0 meaning none yet. */
    static long first(long seen, long now) {
        return seen == 0 ? now : Math.min(seen, now);
    }
}
