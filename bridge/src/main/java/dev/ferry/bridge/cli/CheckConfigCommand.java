package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.ComponentConfig;
import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.bridge.stream.ComponentLink;
import dev.ferry.bridge.stream.ComponentLinkListener;
import dev.ferry.bridge.stream.ComponentLinkSettings;
import dev.ferry.bridge.stream.LinkFailure;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check-config", description = {
        "Validate the configuration and try each component's handshake with the XMPP server.",
        "Exits 0 when all is well, 3 for a bad config, 5 when the server refuses or cannot be reached."})
final class CheckConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--offline", description = "Only validate the file; do not connect to the XMPP server.")
    boolean offline;

    @Option(names = "--timeout", defaultValue = "10", description = "Seconds to wait for each handshake (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FerryConfig cfg = config.load();
        out.println("config " + config.file + ": ok (" + cfg.xmpp().components().size() + " components, store "
                + cfg.store().url() + ")");
        if (offline) {
            return ExitCodes.OK;
        }
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        int code = ExitCodes.OK;
        try {
            for (ComponentConfig c : cfg.xmpp().components()) {
                if (c.s2s()) {
                    // No server to try a handshake with: the domain federates on its own.
                    out.println("component " + c.domain() + ": s2s mode, certificate " + c.certificate()
                            + (java.nio.file.Files.isReadable(java.nio.file.Path.of(c.certificate())) ? "" : " (not readable)"));
                    continue;
                }
                String result = handshake(cfg, c, io);
                out.println("component " + c.domain() + ": " + result);
                if (!result.equals("handshake accepted")) {
                    code = ExitCodes.XMPP_REFUSED;
                }
            }
        } finally {
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        return code;
    }

    private String handshake(FerryConfig cfg, ComponentConfig c, EventLoopGroup io) {
        ComponentLinkSettings d = ComponentLinkSettings.of(c.domain(), cfg.xmpp().host(), cfg.xmpp().port(), c.secret());
        ComponentLinkSettings once = new ComponentLinkSettings(d.domain(), d.host(), d.port(), d.secret(),
                cfg.xmpp().maxStanzaSize(), d.keepaliveInterval(), d.initialBackoff(), d.maxBackoff(),
                d.connectTimeout(), true);
        CompletableFuture<String> result = new CompletableFuture<>();
        try (ComponentLink link = new ComponentLink(once, io, new ComponentLinkListener() {
            @Override
            public void onConnected(ComponentLink l) {
                result.complete("handshake accepted");
            }

            @Override
            public void onStanza(ComponentLink l, String stanzaXml) {
            }

            @Override
            public void onDisconnected(ComponentLink l, LinkFailure failure) {
                result.complete(failure.humanMessage());
            }
        })) {
            link.start();
            return result.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "no answer within " + timeoutSeconds + " s from " + cfg.xmpp().host() + ":" + cfg.xmpp().port();
        }
    }
}
