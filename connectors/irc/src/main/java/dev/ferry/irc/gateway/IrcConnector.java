package dev.ferry.irc.gateway;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.mappings.store.RoomMirror;
import dev.ferry.mappings.store.CredentialRepository;
import dev.ferry.mappings.store.UserSettingsRepository;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import dev.ferry.spi.Registrations;
import dev.ferry.spi.RoomDirectory;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.Optional;
import dev.ferry.spi.Address;
import dev.ferry.spi.AdminCommands;
import dev.ferry.spi.Connector;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Session;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ferry's IRC network: every XMPP user on IRC as themselves (one puppet connection per user per
 * server), IRC channels as MUC rooms. Registered with {@link java.util.ServiceLoader}.
 */
public final class IrcConnector implements Connector, Registrations, RoomDirectory, AdminCommands {

    private final Map<Address, IrcUserSession> sessions = new ConcurrentHashMap<>();
    private final List<MirrorRelay> mirrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private IrcGatewaySettings settings;
    private EventLoopGroup group;
    private ExecutorService emitterThread;
    private EventEmitter emitter;
    private String domain;
    private ArchiveWriter archive;
    private UserSettingsRepository userSettings;
    private CredentialRepository credentials;
    private IrcRegistrationForm registrationForm;
    private MirrorCommands mirrorCommands;

    @Override
    public String network() {
        return "irc";
    }

    @Override
    public java.util.Set<String> settingKeys() {
        return IrcGatewaySettings.KEYS;
    }

    @Override
    public void start(ConnectorContext context, EventSink inbound) {
        settings = IrcGatewaySettings.from(context.settings());
        domain = context.componentDomain();
        archive = new ArchiveWriter(context.store().archive());
        userSettings = context.store().settings();
        credentials = context.store().credentials();
        registrationForm = new IrcRegistrationForm(userSettings, credentials);
        group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        emitterThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-irc-events");
            t.setDaemon(true);
            return t;
        });
        emitter = new EventEmitter(inbound, emitterThread);
        context.store().mirrors().list().forEach(this::startMirror);
        mirrorCommands = new MirrorCommands(context.store().mirrors(), this::startMirror, this::stopMirror);
        joinPersistentChannels();
    }

    private void startMirror(RoomMirror m) {
        MirrorRelay relay = new MirrorRelay(m, domain, settings, group, emitter);
        mirrors.add(relay);
        relay.start();
    }

    private boolean stopMirror(long id) {
        for (MirrorRelay relay : mirrors) {
            if (relay.id() == id) {
                mirrors.remove(relay);
                relay.close();
                return true;
            }
        }
        return false;
    }

    // ---- admin commands (XEP-0050 on the gateway domain): mirrors ----

    @Override
    public List<AdminCommands.Command> adminCommands() {
        return mirrorCommands.commands();
    }

    @Override
    public Delivery runAdminCommand(String node, Map<String, String> values) {
        return mirrorCommands.run(node, values);
    }

    /**
     * A line for a channel goes to the session's live connection, or fails at once when there is
     * none; its archive row and its reflection are queued, not written on the caller's thread. A
     * private message may first have to open a connection (and read the user's settings): not this.
     */
    @Override
    public boolean takesWithoutBlocking(dev.ferry.spi.Event event) {
        if (!(event instanceof dev.ferry.spi.Message m) || m.kind() != dev.ferry.spi.Message.Kind.GROUPCHAT || event.to().local() == null) {
            return false;
        }
        try {
            return IrcAddress.parse(event.to().local(), settings.fixedServer()).kind() == IrcAddress.Kind.ROOM;
        } catch (AddressException e) {
            return true; // answered at once: not an IRC address
        }
    }

    /** The user's session; what a MUC sends a mirror bot goes to that mirror instead. */
    @Override
    public Session open(Address user) {
        IrcUserSession session = session(user);
        return new Session() {
            @Override
            public Address user() {
                return session.user();
            }

            @Override
            public CompletionStage<Delivery> send(dev.ferry.spi.Event event) {
                for (MirrorRelay relay : mirrors) {
                    if (relay.owns(event)) {
                        return java.util.concurrent.CompletableFuture.completedFuture(relay.fromXmpp(event));
                    }
                }
                return session.send(event);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private IrcUserSession session(Address user) {
        return sessions.computeIfAbsent(user.bare(), u -> new IrcUserSession(u, domain, settings, group, emitter, archive,
                server -> IrcServerPreferences.load(u.toString(), server, settings, userSettings, credentials),
                room -> registrationForm.isPersistent(u.toString(), room)));
    }

    // ---- registration (XEP-0077): per server on irc.server@gateway, per room on #chan%server@gateway ----

    @Override
    public Optional<List<FormField>> form(Address user, Address target) {
        String owner = user.bare().toString();
        return registrable(target).map(a -> a.kind() == IrcAddress.Kind.SERVER
                ? registrationForm.fields(owner, a.server(), settings)
                : registrationForm.roomFields(owner, a.formatLocalpart(settings.fixedServer())));
    }

    @Override
    public boolean isRegistered(Address user, Address target) {
        String owner = user.bare().toString();
        return registrable(target).map(a -> a.kind() == IrcAddress.Kind.SERVER
                ? registrationForm.isRegistered(owner, a.server())
                : registrationForm.isPersistent(owner, a.formatLocalpart(settings.fixedServer()))).orElse(false);
    }

    @Override
    public Delivery submit(Address user, Address target, Map<String, String> values) {
        String owner = user.bare().toString();
        Delivery outcome = registrable(target).map(a -> a.kind() == IrcAddress.Kind.SERVER
                        ? registrationForm.submit(owner, a.server(), values)
                        : registrationForm.submitRoom(owner, a.formatLocalpart(settings.fixedServer()), values))
                .orElse(Delivery.failed(Failure.ITEM_NOT_FOUND, "register at an IRC server's or channel's address"));
        if (!outcome.isFailed() && !outcome.detail().isEmpty()) {
            // A XEP-0077 result carries no text: what the user must know (a new certificate's
            // fingerprint) also comes as a message from the server's address, kept in their client.
            emitter.emit(new dev.ferry.spi.Message(target.bare(), user.bare(), dev.ferry.spi.Message.Kind.CHAT, outcome.detail(),
                    Optional.empty(), Optional.empty(), "", Optional.empty(), List.of(), java.time.Instant.now()));
        }
        return outcome;
    }

    @Override
    public Delivery remove(Address user, Address target) {
        String owner = user.bare().toString();
        return registrable(target).map(a -> a.kind() == IrcAddress.Kind.SERVER
                        ? registrationForm.remove(owner, a.server())
                        : registrationForm.removeRoom(owner, a.formatLocalpart(settings.fixedServer())))
                .orElse(Delivery.failed(Failure.ITEM_NOT_FOUND, "register at an IRC server's or channel's address"));
    }

    private Optional<IrcAddress> registrable(Address target) {
        if (target.local() == null || target.resource() != null) {
            return Optional.empty();
        }
        try {
            IrcAddress a = IrcAddress.parse(target.local(), settings.fixedServer());
            return a.kind() == IrcAddress.Kind.USER ? Optional.empty() : Optional.of(a);
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /** Persistent channels stay joined across restarts: at start each is joined again, without a resource. */
    private void joinPersistentChannels() {
        for (String[] row : userSettings.withSetting("irc", "persistent", "true")) {
            try {
                IrcAddress room = IrcAddress.parse(row[1], settings.fixedServer());
                int at = row[0].indexOf('@');
                Address owner = at < 0 ? Address.domain(row[0]) : Address.of(row[0].substring(0, at), row[0].substring(at + 1));
                session(owner).autoJoin(room.server(), room.target());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(IrcConnector.class).warn("persistent channel {} of {} not joined: {}",
                        row[1], row[0], e.getMessage());
            }
        }
    }

    // ---- channel listing (disco#items on irc.server@gateway) ----

    @Override
    public boolean lists(Address where) {
        return server(where).isPresent();
    }

    @Override
    public CompletionStage<List<Listing>> rooms(Address user, Address where) {
        String server = server(where).orElseThrow(() -> new IllegalArgumentException(where + " is not an IRC server address"));
        return session(user).listChannels(server);
    }

    /** The IRC server a registration address names ({@code irc.example.org@irc.gw}), if it names one. */
    private Optional<String> server(Address target) {
        if (target.local() == null) {
            return Optional.empty();
        }
        try {
            IrcAddress a = IrcAddress.parse(target.local(), settings.fixedServer());
            return a.kind() == IrcAddress.Kind.SERVER ? Optional.of(a.server()) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        mirrors.forEach(MirrorRelay::close);
        sessions.values().forEach(IrcUserSession::close);
        sessions.clear();
        if (group != null) {
            // The QUITs above are still being written, and the servers' last words read: the event
            // thread stays until the connections are gone, so what they said is still passed on.
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (emitterThread != null) {
            emitterThread.shutdown();
            try {
                emitterThread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (archive != null) {
            archive.close();
        }
    }
}
