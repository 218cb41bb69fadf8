package dev.ferry.bridge.config;

/**
 * One gateway domain: which network it serves, its domain and the shared secret. In {@code s2s}
 * mode the domain federates on its own over server-to-server streams instead of being a component
 * of a local server: no secret, but its TLS certificate and private key (PEM files).
 */
public record ComponentConfig(String network, String domain, String secret, String mode,
                              String certificate, String privateKey) {

    public static final String COMPONENT = "component";
    public static final String S2S = "s2s";

    public ComponentConfig(String network, String domain, String secret) {
        this(network, domain, secret, COMPONENT, "", "");
    }

    public boolean s2s() {
        return S2S.equals(mode);
    }

    @Override
    public String toString() {
        return "ComponentConfig[network=" + network + ", domain=" + domain + ", mode=" + mode + ", secret=***]";
    }
}
