package dev.ferry.mail.gateway;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.mappings.address.MailAddress;
import dev.ferry.mappings.store.IdentityRepository;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a mail recipient on the bridge's mail domain is on XMPP: a linked alias
 * ({@code alice@mail.gw}, network {@code mail-alias} in the store) or the separator form
 * {@code alice*example.org@mail.gw} for a JID on one of the served XMPP domains. Anything else is
 * nobody: mail for other domains is never relayed.
 */
final class Recipients {

    static final String ALIAS_NETWORK = "mail-alias";

    private final MailSettings settings;
    private final IdentityRepository identities;
    private final java.util.function.Function<String, Optional<String[]>> pendingVerification;

    /** @param pendingVerification token → (owner, address) of a verification mail we sent */
    Recipients(MailSettings settings, IdentityRepository identities,
               java.util.function.Function<String, Optional<String[]>> pendingVerification) {
        this.settings = settings;
        this.identities = identities;
        this.pendingVerification = pendingVerification;
    }

    /** Why a recipient is refused, as an SMTP reply text; empty when it is a local user. */
    sealed interface Resolution permits Local, Refused, Verification {
    }

    /** The answer to a verification mail: {@code owner} linked {@code address}. */
    record Verification(String owner, String address, String token) implements Resolution {
    }

    record Local(JidAddress jid) implements Resolution {
    }

    record Refused(int code, String reason) implements Resolution {
    }

    Resolution resolve(String recipient) {
        MailAddress address;
        try {
            address = MailAddress.parseAddress(recipient);
        } catch (AddressException e) {
            return new Refused(553, "5.1.3 " + e.getMessage());
        }
        String domain = address.domain().toLowerCase(Locale.ROOT);
        if (!domain.equals(settings.domain())) {
            return new Refused(550, "5.7.1 relaying denied: we only take mail for " + settings.domain());
        }
        String local = address.localPart();
        if (local.toLowerCase(Locale.ROOT).startsWith(MailRegistration.VERIFY_PREFIX)) {
            String token = local.substring(MailRegistration.VERIFY_PREFIX.length()).toLowerCase(Locale.ROOT);
            return pendingVerification.apply(token).<Resolution>map(p -> new Verification(p[0], p[1], token))
                    .orElseGet(() -> new Refused(550, "5.1.1 <" + recipient + ">: no such verification (already used or never sent)"));
        }
        Optional<String> alias = identities.findJid(ALIAS_NETWORK, aliasKey(local));
        if (alias.isPresent()) {
            return new Local(JidAddress.parse(alias.get()));
        }
        if (!local.contains(settings.separator())) {
            return new Refused(550, "5.1.1 <" + recipient + ">: no such user here");
        }
        try {
            JidAddress jid = MailAddress.jidFromLocalPart(local, settings.separator());
            if (!settings.xmppDomains().contains(jid.domain().toLowerCase(Locale.ROOT))) {
                return new Refused(550, "5.7.1 <" + recipient + ">: " + jid.domain() + " is not an XMPP domain served here");
            }
            return new Local(jid);
        } catch (AddressException e) {
            return new Refused(550, "5.1.1 <" + recipient + ">: " + e.getMessage());
        }
    }

    String aliasKey(String local) {
        return local.toLowerCase(Locale.ROOT) + "@" + settings.domain();
    }

    /** The address {@code jid} writes from: their bridge address {@code alice*example.org@<domain>}. */
    String bridgeAddress(JidAddress jid) {
        return MailAddress.localPartForJid(jid, settings.separator()) + "@" + settings.domain();
    }
}
