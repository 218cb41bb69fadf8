package dev.ferry.spi;

import java.util.Optional;

/**
 * Something that happened to an occupant of a room: join, leave, nick change, kick, topic.
 * {@code from} is the occupant's in-room address, {@code to} the user it is reported to.
 */
public record RoomEvent(Address from, Address to, Kind kind, Optional<String> nick,
                        Optional<String> reason) implements Event {

    public enum Kind { JOIN, LEAVE, NICK_CHANGE, KICK, TOPIC }

    public RoomEvent {
        nick = nick == null ? Optional.empty() : nick;
        reason = reason == null ? Optional.empty() : reason;
    }
}
