package dev.ferry.mappings.store;

/**
 * A foreign address is already linked to a different JID. The other JID is available to admin
 * tools through {@link #linkedJid()} but kept out of the message, which may reach the user.
 */
public final class IdentityConflictException extends IllegalStateException {

    private final String linkedJid;

    IdentityConflictException(String network, String foreignAddress, String linkedJid) {
        super(network + " address '" + foreignAddress + "' is already linked to another JID;"
                + " unlink it first, or replace the link with IdentityRepository.relink");
        this.linkedJid = linkedJid;
    }

    public String linkedJid() {
        return linkedJid;
    }
}
