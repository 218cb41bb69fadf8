package dev.ferry.sip.gateway;

import dev.ferry.spi.UserRegistration;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.SipAddress;
import dev.ferry.mappings.store.CredentialRepository;
import dev.ferry.mappings.store.IdentityConflictException;
import dev.ferry.mappings.store.IdentityRepository;
import dev.ferry.mappings.store.UserSettingsRepository;
import dev.ferry.sip.protocol.SipErrors;
import dev.ferry.sip.protocol.SipFactories;
import dev.ferry.sip.protocol.SipMessageTranslator;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import dev.ferry.spi.FormField.Kind;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP accounts of XMPP users (XEP-0077 on the gateway's own address): the form, where each value
 * is kept (settings; the password encrypted in the credential store; the AOR linked to the JID),
 * and the REGISTER that keeps each account's contact at its registrar — digest-authenticated,
 * refreshed before it expires, removed (Expires: 0) when the user unregisters.
 *
 * <p>The contact Ferry registers is the user's separator address on Ferry
 * ({@code sip:alice*example.org@ferry:port}), so what the registrar routes to it reaches the JID.
 */
final class SipAccounts implements UserRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SipAccounts.class);
    private static final String NETWORK = "sip";
    private static final String SCOPE = "account";
    private static final String PASSWORD = "account/password";
    private static final Pattern AUTH_USER = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=%-]{1,64}");
    private static final Pattern REGISTRAR = Pattern.compile("(?i)sip:[A-Za-z0-9.\\-]+(:\\d{1,5})?(;transport=(udp|tcp))?");
    static final int DEFAULT_EXPIRES = 600;

    /** One account's registration binding at its registrar. */
    private final class Binding {
        final SipAccount account;
        final String callId = SipFactoriesIds.callId();
        final String fromTag = SipFactoriesIds.tag();
        final AtomicLong cseq = new AtomicLong();
        volatile ScheduledFuture<?> refresh;

        Binding(SipAccount account) {
            this.account = account;
        }
    }

    private final UserSettingsRepository settings;
    private final CredentialRepository credentials;
    private final IdentityRepository identities;
    private final SipMessageTranslator translator;
    private final SipGatewaySettings gateway;
    private final InboundRequests.SipTransportRef transport;
    private final ScheduledExecutorService timer;
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

    SipAccounts(UserSettingsRepository settings, CredentialRepository credentials, IdentityRepository identities,
                SipMessageTranslator translator, SipGatewaySettings gateway, InboundRequests.SipTransportRef transport,
                ScheduledExecutorService timer) {
        this.settings = settings;
        this.credentials = credentials;
        this.identities = identities;
        this.translator = translator;
        this.gateway = gateway;
        this.transport = transport;
        this.timer = timer;
    }

    // ---- the form ----

    @Override
    public List<FormField> fields(String owner) {
        Map<String, String> s = settings.get(owner, NETWORK, SCOPE);
        return List.of(
                text("aor", "SIP address (sip:user@domain)", s, true, "your address of record"),
                text("auth-user", "Authentication user", s, false, "default: the user part of the address"),
                new FormField("password", "Password", Kind.PRIVATE, false, Optional.empty(), "stored encrypted; leave empty to keep it"),
                text("registrar", "Registrar / proxy (sip:host[:port])", s, false, "default: the address's domain"),
                text("expires", "Registration lifetime (seconds)", s, false, "default " + DEFAULT_EXPIRES));
    }

    @Override
    public boolean isRegistered(String owner) {
        return settings.get(owner, NETWORK, SCOPE).containsKey("aor");
    }

    /** Checks and saves the form, then registers; a registrar's refusal undoes the saving. */
    @Override
    public Delivery submit(String owner, Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        Map<String, String> old = settings.get(owner, NETWORK, SCOPE);
        String aorText = value(values, "aor", old);
        SipAddress aor = null;
        try {
            aor = SipAddress.parseUri(aorText);
        } catch (AddressException e) {
            problems.add("aor: " + e.getMessage());
        }
        String authUser = value(values, "auth-user", old);
        if (authUser.isEmpty() && aor != null) {
            authUser = aor.user();
        }
        if (!authUser.isEmpty() && !AUTH_USER.matcher(authUser).matches()) {
            problems.add("auth-user: '" + authUser + "' is not a SIP user name");
        }
        String registrar = value(values, "registrar", old);
        if (registrar.isEmpty() && aor != null) {
            registrar = "sip:" + aor.host();
        }
        if (!REGISTRAR.matcher(registrar).matches()) {
            problems.add("registrar: '" + registrar + "' is not sip:host[:port][;transport=udp|tcp]");
        }
        String expiresText = value(values, "expires", old);
        int expires = DEFAULT_EXPIRES;
        if (!expiresText.isEmpty()) {
            try {
                expires = Integer.parseInt(expiresText);
                if (expires < 5 || expires > 86_400) {
                    problems.add("expires: " + expires + " is out of range 5..86400");
                }
            } catch (NumberFormatException e) {
                problems.add("expires: '" + expiresText + "' is not a whole number of seconds");
            }
        }
        String password = values.getOrDefault("password", "");
        if (password.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            problems.add("password: must not contain line breaks");
        }
        if (password.isEmpty() && credentials.get(owner, NETWORK, PASSWORD).isEmpty()) {
            problems.add("password: required");
        }
        if (!problems.isEmpty()) {
            return Delivery.failed(Failure.NOT_ACCEPTABLE, String.join("; ", problems));
        }
        SipAccount account = new SipAccount(owner, aor, authUser, registrar, expires);
        Optional<String> oldPassword = credentials.get(owner, NETWORK, PASSWORD);
        try {
            identities.relink(owner, NETWORK, aor.toSipUri());
        } catch (IdentityConflictException e) {
            return Delivery.failed(Failure.NOT_ACCEPTABLE, "aor: " + aor.toSipUri() + " is already registered by someone else");
        } catch (RuntimeException e) {
            return Delivery.failed(Failure.NOT_ACCEPTABLE, "aor: " + e.getMessage());
        }
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("aor", aor.toSipUri());
        plain.put("auth-user", authUser);
        plain.put("registrar", registrar);
        plain.put("expires", Integer.toString(expires));
        settings.replace(owner, NETWORK, SCOPE, plain);
        if (!password.isEmpty()) {
            credentials.put(owner, NETWORK, PASSWORD, password);
        }
        Delivery d = await(register(account));
        if (d.isFailed()) {
            // the registrar refused: keep nothing that would make Ferry try again at every start
            if (old.isEmpty()) {
                settings.remove(owner, NETWORK, SCOPE);
                credentials.remove(owner, NETWORK, PASSWORD);
                identities.unlink(NETWORK, aor.toSipUri());
            } else {
                settings.replace(owner, NETWORK, SCOPE, old);
                oldPassword.ifPresent(p -> credentials.put(owner, NETWORK, PASSWORD, p));
            }
        }
        return d;
    }

    @Override
    public Delivery remove(String owner) {
        Map<String, String> s = settings.get(owner, NETWORK, SCOPE);
        Binding b = bindings.remove(owner);
        Delivery d = Delivery.delivered();
        if (b != null) {
            if (b.refresh != null) {
                b.refresh.cancel(false);
            }
            d = await(send(b, 0));
        }
        settings.remove(owner, NETWORK, SCOPE);
        credentials.remove(owner, NETWORK, PASSWORD);
        Optional.ofNullable(s.get("aor")).ifPresent(aor -> identities.unlink(NETWORK, aor));
        if (d.isFailed()) {
            LOG.info("unregistering {} at its registrar failed ({}); the binding lapses by itself", owner, d.detail());
        }
        return Delivery.delivered();
    }

    /** Registers every saved account again (at start). */
    void registerAll() {
        for (String[] row : settings.withSetting(NETWORK, "registered", "true")) {
            load(row[0]).ifPresent(this::register);
        }
    }

    Optional<SipAccount> account(String owner) {
        Binding b = bindings.get(owner);
        return b != null ? Optional.of(b.account) : Optional.empty();
    }

    Optional<Challenges.Credentials> credentials(SipAccount a) {
        return Optional.of(new Challenges.Credentials(a.authUser(), () -> credentials.get(a.owner(), NETWORK, PASSWORD)));
    }

    Optional<SipURI> route(SipAccount a) {
        try {
            return Optional.of((SipURI) SipFactories.ADDRESSES.createURI(a.registrar()));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private Optional<SipAccount> load(String owner) {
        Map<String, String> s = settings.get(owner, NETWORK, SCOPE);
        try {
            return Optional.of(new SipAccount(owner, SipAddress.parseUri(s.get("aor")), s.get("auth-user"), s.get("registrar"),
                    Integer.parseInt(s.getOrDefault("expires", Integer.toString(DEFAULT_EXPIRES)))));
        } catch (RuntimeException e) {
            LOG.warn("SIP account of {} not registered: {}", owner, e.getMessage());
            return Optional.empty();
        }
    }

    private CompletableFuture<Delivery> register(SipAccount account) {
        Binding b = new Binding(account);
        Binding old = bindings.put(account.owner(), b);
        if (old != null && old.refresh != null) {
            old.refresh.cancel(false);
        }
        return send(b, account.expires()).thenApply(d -> {
            if (d.isFailed()) {
                bindings.remove(account.owner(), b);
            } else {
                Map<String, String> s = new LinkedHashMap<>(settings.get(account.owner(), NETWORK, SCOPE));
                if (!"true".equals(s.get("registered"))) {
                    s.put("registered", "true");
                    settings.replace(account.owner(), NETWORK, SCOPE, s);
                }
            }
            return d;
        });
    }

    private CompletableFuture<Delivery> send(Binding b, int expires) {
        Request request;
        try {
            request = request(b, expires);
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            return CompletableFuture.completedFuture(Delivery.failed(Failure.BAD_REQUEST, "REGISTER not built: " + e.getMessage()));
        }
        return Challenges.send(transport.get(), request, credentials(b.account)).handle((response, error) -> {
            if (error != null) {
                return Delivery.failed(Failure.REMOTE_SERVER_TIMEOUT, "no answer from the registrar " + b.account.registrar());
            }
            b.cseq.set(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
            int code = response.getStatusCode();
            if (code >= 300) {
                return Delivery.failed(SipErrors.failure(code), "the registrar " + b.account.registrar() + " answered "
                        + code + " " + response.getReasonPhrase());
            }
            if (expires > 0) {
                scheduleRefresh(b, granted(response, expires));
            }
            return Delivery.delivered();
        });
    }

    /** The lifetime the registrar granted our contact (RFC 3261 §10.2.4): its expires param, else Expires. */
    private static int granted(Response response, int asked) {
        ContactHeader c = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (c != null && c.getExpires() > 0) {
            return c.getExpires();
        }
        javax.sip.header.ExpiresHeader e = (javax.sip.header.ExpiresHeader) response.getHeader(javax.sip.header.ExpiresHeader.NAME);
        return e != null && e.getExpires() > 0 ? e.getExpires() : asked;
    }

    private void scheduleRefresh(Binding b, int expires) {
        long after = expires > 120 ? expires - 60L : Math.max(1, expires / 2L);
        b.refresh = timer.schedule(() -> {
            if (bindings.get(b.account.owner()) == b) {
                send(b, b.account.expires()).thenAccept(d -> {
                    if (d.isFailed()) {
                        LOG.warn("refreshing the SIP registration of {} failed: {}", b.account.owner(), d.detail());
                    }
                });
            }
        }, after, TimeUnit.SECONDS);
    }

    private Request request(Binding b, int expires) throws ParseException, javax.sip.InvalidArgumentException {
        SipAccount a = b.account;
        SipURI aor = SipFactories.ADDRESSES.createSipURI(a.aor().user(), a.aor().host());
        SipURI registrarUri = SipFactories.ADDRESSES.createSipURI(null, a.aor().host());
        FromHeader from = SipFactories.HEADERS.createFromHeader(SipFactories.ADDRESSES.createAddress(aor), b.fromTag);
        ToHeader to = SipFactories.HEADERS.createToHeader(SipFactories.ADDRESSES.createAddress(aor), null);
        CallIdHeader callId = SipFactories.HEADERS.createCallIdHeader(b.callId);
        CSeqHeader cseq = SipFactories.HEADERS.createCSeqHeader(b.cseq.incrementAndGet(), Request.REGISTER);
        Request r = SipFactories.MESSAGES.createRequest(registrarUri, Request.REGISTER, callId, cseq, from, to,
                new ArrayList<>(), SipFactories.HEADERS.createMaxForwardsHeader(70));
        SipURI contactUri = translator.identity(Address.of(a.owner().substring(0, a.owner().indexOf('@')),
                a.owner().substring(a.owner().indexOf('@') + 1)), gateway.advertisedHost());
        contactUri.setPort(transport.get().port("udp"));
        ContactHeader contact = SipFactories.HEADERS.createContactHeader(SipFactories.ADDRESSES.createAddress(contactUri));
        contact.setExpires(expires);
        r.addHeader(contact);
        r.addHeader(SipFactories.HEADERS.createExpiresHeader(expires));
        SipURI hop = (SipURI) SipFactories.ADDRESSES.createURI(a.registrar());
        hop.setLrParam();
        r.addHeader(SipFactories.HEADERS.createRouteHeader(SipFactories.ADDRESSES.createAddress(hop)));
        return r;
    }

    private static Delivery await(CompletableFuture<Delivery> f) {
        try {
            // the registrar is a nearby server; a form answer must not wait on a dead one for long
            return f.get(8, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return Delivery.failed(Failure.REMOTE_SERVER_TIMEOUT, "the registrar did not answer within 8 s");
        } catch (Exception e) {
            return Delivery.failed(Failure.INTERNAL_SERVER_ERROR, e.toString());
        }
    }

    private static String value(Map<String, String> values, String key, Map<String, String> old) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return old.getOrDefault(key, "");
        }
        return v.trim();
    }

    private static FormField text(String var, String label, Map<String, String> s, boolean required, String description) {
        return new FormField(var, label, Kind.TEXT, required, Optional.ofNullable(s.get(var)), description);
    }

    /** Random Call-IDs and tags. */
    private static final class SipFactoriesIds {
        static String callId() {
            return java.util.UUID.randomUUID() + "@ferry";
        }

        static String tag() {
            return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        }
    }
}
