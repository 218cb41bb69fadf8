package dev.ferry.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A connector that can list the rooms behind an address (for IRC: the channels of a server,
 * from LIST). The bridge shows them as disco#items.
 */
public interface RoomDirectory {

    /** A room as listed: its address, a display name, how many are in it, its topic. */
    record Listing(Address room, String name, int occupants, String topic) {
    }

    /** The rooms {@code user} can see at {@code where}; fails with a reason a person can read. */
    CompletionStage<List<Listing>> rooms(Address user, Address where);

    /** Whether {@code where} is an address this directory lists rooms for. */
    boolean lists(Address where);
}
