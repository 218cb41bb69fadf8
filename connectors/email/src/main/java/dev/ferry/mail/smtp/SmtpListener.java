package dev.ferry.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The embedded SMTP server (SubEthaSMTP) that takes mail for the bridge's domain, as its MX or
 * behind an MTA. What to accept is asked of a {@link Policy} at each step, so this class knows
 * SMTP and nothing of XMPP: rate per client at MAIL, each recipient at RCPT (550 for anyone not
 * ours: never an open relay), the size at DATA (552).
 */
public final class SmtpListener implements AutoCloseable {

    /** Decides, per mail, what the gateway takes. */
    public interface Policy {
        /** @return the recipient's key (its owner), or throws with the SMTP reply */
        Object recipient(String address) throws RejectException;

        /** Takes the whole mail for the accepted recipients; throws with the SMTP reply to refuse it. */
        void deliver(byte[] raw, String envelopeSender, List<Object> recipients) throws RejectException;
    }

    private final SMTPServer server;

    /** @param tls the server's key for STARTTLS, or null for none */
    public SmtpListener(InetSocketAddress listen, String hostName, int maxSize, ClientRateLimiter<java.net.InetAddress> rate, Policy policy,
                        javax.net.ssl.SSLContext tls) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(listen.getHostString());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("mail.listen: unknown host " + listen.getHostString(), e);
        }
        SMTPServer.Builder builder = SMTPServer.port(listen.getPort());
        if (tls != null) {
            builder.enableTLS().startTlsSocketFactory(tls);
        }
        this.server = builder
                .bindAddress(bind)
                .hostName(hostName)
                .softwareName("Ferry")
                .maxMessageSize(maxSize)
                .maxRecipients(100)
                .maxConnections(200)
                .connectionTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .messageHandlerFactory(ctx -> new Handler(ctx, maxSize, rate, policy))
                .build();
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static final class Handler implements MessageHandler {
        private final MessageContext ctx;
        private final int maxSize;
        private final ClientRateLimiter<java.net.InetAddress> rate;
        private final Policy policy;
        private final List<Object> recipients = new ArrayList<>();
        private String sender;

        Handler(MessageContext ctx, int maxSize, ClientRateLimiter<java.net.InetAddress> rate, Policy policy) {
            this.ctx = ctx;
            this.maxSize = maxSize;
            this.rate = rate;
            this.policy = policy;
        }

        @Override
        public void from(String from) throws RejectException {
            if (ctx.getRemoteAddress() instanceof InetSocketAddress remote
                    && !rate.tryAcquire(remote.getAddress(), System.nanoTime())) {
                throw new RejectException(451, "4.7.1 too many mails from " + remote.getAddress().getHostAddress() + ", try again later");
            }
            sender = from == null ? "" : from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            recipients.add(policy.recipient(recipient));
        }

        @Override
        public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[16384];
            int n;
            long total = 0;
            while ((n = data.read(buf)) > 0) {
                total += n;
                if (total > maxSize) {
                    // Read the rest so the session stays in sync, then refuse: 552.
                    while (data.read(buf) > 0) {
                        // discard
                    }
                    // SubEthaSMTP turns only a RejectException into its reply (anything else: 421).
                    throw new RejectException(552, "5.3.4 message larger than " + maxSize + " bytes");
                }
                out.write(buf, 0, n);
            }
            policy.deliver(out.toByteArray(), sender, List.copyOf(recipients));
            return null;
        }

        @Override
        public void done() {
        }
    }
}
