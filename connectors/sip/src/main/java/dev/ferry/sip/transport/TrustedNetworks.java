package dev.ferry.sip.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** {@code sip.trusted}: the networks (CIDR) whose requests Ferry accepts. */
public final class TrustedNetworks {

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> networks;

    private TrustedNetworks(List<Cidr> networks) {
        this.networks = networks;
    }

    /** Parses {@code 127.0.0.0/8}, {@code ::1/128} or a single address; only literal addresses, no names. */
    public static TrustedNetworks parse(List<String> specs) {
        return new TrustedNetworks(specs.stream().map(TrustedNetworks::cidr).toList());
    }

    private static Cidr cidr(String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + spec + "' is not an IP network (e.g. 127.0.0.0/8)");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + spec + "' is not an IP address");
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "': prefix length is not a number");
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("'" + spec + "': prefix length out of range");
            }
        }
        return new Cidr(address, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        for (Cidr c : networks) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
