package dev.ferry.mail.gateway;

import dev.ferry.spi.UserRegistration;
import dev.ferry.mail.protocol.HeaderText;
import dev.ferry.mail.protocol.MailComposer;
import dev.ferry.mail.protocol.OutgoingMail;
import dev.ferry.mail.smtp.QueuedMail;
import dev.ferry.mail.smtp.SmtpOutbox;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.MailAddress;
import dev.ferry.mappings.store.IdentityConflictException;
import dev.ferry.mappings.store.IdentityRepository;
import dev.ferry.mappings.store.LinkedAccount;
import dev.ferry.mappings.store.UserSettingsRepository;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * XEP-0077 on the mail gateway's domain: a user links their own mail address (active only once
 * they answer the verification mail, whose Reply-To carries a one-time token:
 * {@code verify-<token>@<mail domain>}, or once they type the token into the form) and sets an
 * alias on the mail domain ({@code alice@mail.gw}). Links live in the store's linked accounts
 * (network {@code mail}, aliases {@code mail-alias}); the pending token in the user's settings.
 */
final class MailRegistration implements UserRegistration {

    static final String NETWORK = "mail";
    static final String VERIFY_PREFIX = "verify-";
    private static final String SCOPE = "link";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MailSettings settings;
    private final IdentityRepository identities;
    private final UserSettingsRepository userSettings;
    private final SmtpOutbox outbox;
    private final MailThreads threads;
    private final String componentDomain;

    MailRegistration(MailSettings settings, String componentDomain, IdentityRepository identities, UserSettingsRepository userSettings,
                     SmtpOutbox outbox, MailThreads threads) {
        this.settings = settings;
        this.componentDomain = componentDomain;
        this.identities = identities;
        this.userSettings = userSettings;
        this.outbox = outbox;
        this.threads = threads;
    }

    @Override
    public List<FormField> fields(String owner) {
        Optional<LinkedAccount> linked = linked(owner);
        String state = linked.map(l -> l.verified() ? "verified" : "waiting for your answer to the verification mail").orElse("none");
        return List.of(
                new FormField("email", "Your mail address", FormField.Kind.TEXT, false, linked.map(LinkedAccount::foreignAddress),
                        "Link your own mailbox (" + state + "). We send it a mail; answer it to confirm."),
                new FormField("token", "Verification code", FormField.Kind.TEXT, false, Optional.empty(),
                        "The code from the verification mail, if you prefer typing it to answering the mail."),
                new FormField("use-as-from", "Send from that address", FormField.Kind.BOOLEAN, false,
                        Optional.of(Boolean.toString(useAsFrom(owner))),
                        "Write mails from your verified address instead of your gateway address (replies then go to that mailbox)."),
                new FormField("alias", "Alias", FormField.Kind.TEXT, false, alias(owner).map(a -> a.substring(0, a.indexOf('@'))),
                        "Mail to <alias>@" + settings.domain() + " reaches you."));
    }

    @Override
    public boolean isRegistered(String owner) {
        return linked(owner).isPresent() || alias(owner).isPresent();
    }

    @Override
    public Delivery submit(String owner, Map<String, String> values) {
        String email = values.getOrDefault("email", "").trim().toLowerCase(Locale.ROOT);
        String token = values.getOrDefault("token", "").trim();
        String alias = values.getOrDefault("alias", "").trim().toLowerCase(Locale.ROOT);
        Optional<LinkedAccount> current = linked(owner);
        Map<String, String> pending = new LinkedHashMap<>(userSettings.get(owner, NETWORK, SCOPE));
        if (!alias.isEmpty() && !alias(owner).map(a -> a.equals(alias + "@" + settings.domain())).orElse(false)) {
            if (alias.contains(settings.separator()) || alias.startsWith(VERIFY_PREFIX)) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "alias: must not contain '" + settings.separator() + "' or start with " + VERIFY_PREFIX);
            }
            try {
                new MailAddress(alias, settings.domain());
                alias(owner).ifPresent(old -> identities.unlink(Recipients.ALIAS_NETWORK, old));
                identities.link(owner, Recipients.ALIAS_NETWORK, alias + "@" + settings.domain());
            } catch (AddressException e) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "alias: " + e.getMessage());
            } catch (IdentityConflictException e) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "alias: " + alias + "@" + settings.domain() + " is taken");
            }
        }
        pending.put("use-as-from", Boolean.toString(Boolean.parseBoolean(values.getOrDefault("use-as-from", "false"))
                || values.getOrDefault("use-as-from", "").equals("1")));
        if (!email.isEmpty() && !current.map(l -> l.foreignAddress().equals(email)).orElse(false)) {
            MailAddress address;
            try {
                address = MailAddress.parseAddress(email);
            } catch (AddressException e) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "email: " + e.getMessage());
            }
            if (address.domain().equalsIgnoreCase(settings.domain())) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "email: link a mailbox elsewhere, not one on " + settings.domain());
            }
            try {
                current.ifPresent(l -> identities.unlink(NETWORK, l.foreignAddress()));
                identities.link(owner, NETWORK, email);
            } catch (IdentityConflictException e) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "email: " + email + " is linked to someone else");
            }
            String newToken = HexFormat.of().formatHex(bytes(12));
            pending.put("token", newToken);
            pending.put("address", email);
            userSettings.replace(owner, NETWORK, SCOPE, pending);
            sendVerification(owner, email, newToken);
            return Delivery.delivered();
        }
        if (!token.isEmpty()) {
            if (!token.equals(pending.get("token"))) {
                userSettings.replace(owner, NETWORK, SCOPE, pending);
                return Delivery.failed(Failure.NOT_ACCEPTABLE, "token: this is not the code we sent");
            }
            identities.markVerified(NETWORK, pending.get("address"));
            pending.remove("token");
        }
        userSettings.replace(owner, NETWORK, SCOPE, pending);
        return Delivery.delivered();
    }

    @Override
    public Delivery remove(String owner) {
        linked(owner).ifPresent(l -> identities.unlink(NETWORK, l.foreignAddress()));
        alias(owner).ifPresent(a -> identities.unlink(Recipients.ALIAS_NETWORK, a));
        userSettings.remove(owner, NETWORK, SCOPE);
        return Delivery.delivered();
    }

    /** The owner and address a verification token was sent for. */
    Optional<String[]> pendingFor(String token) {
        if (token.length() != 24) {
            return Optional.empty();
        }
        return userSettings.withSetting(NETWORK, "token", token).stream().findFirst()
                .map(row -> new String[] {row[0], userSettings.get(row[0], NETWORK, SCOPE).get("address")});
    }

    /** The answer to a verification mail came from the address: the link is active. */
    void confirm(String owner, String token) {
        Map<String, String> pending = new LinkedHashMap<>(userSettings.get(owner, NETWORK, SCOPE));
        if (token.equals(pending.get("token"))) {
            identities.markVerified(NETWORK, pending.get("address"));
            pending.remove("token");
            userSettings.replace(owner, NETWORK, SCOPE, pending);
        }
    }

    /** The address {@code owner} writes from when they chose their verified address. */
    Optional<String> fromAddress(String owner) {
        if (!useAsFrom(owner)) {
            return Optional.empty();
        }
        return linked(owner).filter(LinkedAccount::verified).map(LinkedAccount::foreignAddress);
    }

    private boolean useAsFrom(String owner) {
        return Boolean.parseBoolean(userSettings.get(owner, NETWORK, SCOPE).getOrDefault("use-as-from", "false"));
    }

    private Optional<LinkedAccount> linked(String owner) {
        return identities.forJid(owner).stream().filter(l -> l.network().equals(NETWORK)).findFirst();
    }

    private Optional<String> alias(String owner) {
        return identities.forJid(owner).stream().filter(l -> l.network().equals(Recipients.ALIAS_NETWORK))
                .map(LinkedAccount::foreignAddress).findFirst();
    }

    private void sendVerification(String owner, String email, String token) {
        String replyTo = VERIFY_PREFIX + token + "@" + settings.domain();
        String body = "Hello,\n\nthe XMPP user " + owner + " wants to link this mail address to their account on the gateway "
                + settings.domain() + ".\n\nIf that is you, answer this mail (the text does not matter), or enter this code in the "
                + "registration form: " + token + "\n\nIf it is not you, ignore this mail: nothing is linked without your answer.\n";
        OutgoingMail mail = new OutgoingMail(replyTo, "Ferry mail gateway", email,
                "Confirm linking " + email + " to " + HeaderText.singleLine(owner), body, threads.newMessageId(), Optional.empty(),
                List.of(), Instant.now(), Optional.of("auto-generated"), Optional.of(replyTo));
        outbox.submit(QueuedMail.of(replyTo, email, owner, componentDomain, "", MailComposer.compose(mail)));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
