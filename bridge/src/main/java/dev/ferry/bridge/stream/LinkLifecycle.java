package dev.ferry.bridge.stream;

import io.netty.channel.Channel;

/** What the pipeline reports back to its {@link ComponentLink}; called on the channel's event loop. */
interface LinkLifecycle {

    void accepted(Channel channel);

    void stanza(Channel channel, String stanzaXml);

    /** A stanza was refused for its size; the connection is about to end with policy-violation. */
    void refused(Channel channel, RefusedStanza head);

    /** The connection is gone; {@code failure} says why. Called exactly once per connection. */
    void down(Channel channel, LinkFailure failure);
}
