package dev.ferry.bridge.camel;

import org.apache.camel.spi.Metadata;

/** Headers set on exchanges from {@code xmpp-component:} and {@code connector:} endpoints. */
public final class XmppComponentConstants {

    @Metadata(description = "Component domain the stanza arrived on or leaves from", javaType = "String")
    public static final String DOMAIN = "FerryDomain";
    @Metadata(description = "Network of that domain: irc, sip or mail", javaType = "String")
    public static final String NETWORK = "FerryNetwork";
    @Metadata(description = "Simple name of the neutral event class (Message, Presence, ...)", javaType = "String")
    public static final String EVENT_TYPE = "FerryEventType";
    @Metadata(description = "Sender address as local@domain/resource", javaType = "String")
    public static final String FROM = "FerryFrom";
    @Metadata(description = "Recipient address as local@domain/resource", javaType = "String")
    public static final String TO = "FerryTo";

    @Metadata(description = "Text of a message event, for filters in operator routes", javaType = "String")
    public static final String TEXT = "FerryText";

    private XmppComponentConstants() {
    }
}
