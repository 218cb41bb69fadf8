package dev.ferry.bridge.s2s;

import java.nio.file.Path;

/** A local domain's TLS certificate chain and private key, PEM files. */
public record S2sDomainCredentials(Path certificate, Path privateKey) {
}
