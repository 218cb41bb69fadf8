package dev.ferry.irc.client;

/** The client against Debian's ngIRCd (plain RFC 2812 with CAP multi-prefix). */
class NgircdE2eTest extends IrcServerE2eContract {
    NgircdE2eTest() {
        super(new IrcPeer("ngircd", 16667));
    }
}
