package dev.ferry.bridge.config;

/** One gateway component: which network it serves, its domain and the shared secret. */
public record ComponentConfig(String network, String domain, String secret) {

    @Override
    public String toString() {
        return "ComponentConfig[network=" + network + ", domain=" + domain + ", secret=***]";
    }
}
