package dev.ferry.spi;

import java.util.Optional;

/**
 * Something that happens to an occupant of a room. Addresses: the room is {@code room@gw},
 * an occupant is {@code room@gw/nick}.
 *
 * <p>From XMPP to a network ({@code from} = the user's full address, {@code to} = room/nick):
 * {@link Kind#JOIN} (also "change my nick" when already joined), {@link Kind#LEAVE},
 * {@link Kind#TOPIC} (set the topic to {@code text}).
 *
 * <p>From a network to XMPP ({@code from} = room/nick of the occupant, {@code to} = the user
 * it is reported to): JOIN (occupant present, or its role or status changed; {@code text} = its status
 * text if any, e.g. the IRC services account it is logged in to), LEAVE ({@code text} = quit
 * or part message), NICK_CHANGE ({@code newNick}), KICK ({@code text} = reason), TOPIC
 * ({@code text} = the topic), AWAY (the occupant is away, {@code text} = why; no text: back again).
 * {@code self} marks the user's own occupant.
 */
public record RoomEvent(Address from, Address to, Kind kind, Optional<String> newNick, Optional<String> text,
                        Role role, Affiliation affiliation, boolean self, Optional<String> password,
                        Optional<History> history) implements Event {

    public enum Kind { JOIN, LEAVE, NICK_CHANGE, KICK, TOPIC, AWAY }

    /** Occupant roles as XEP-0045 has them; IRC maps op to moderator, voice to participant. */
    public enum Role { MODERATOR, PARTICIPANT, VISITOR, NONE }

    public enum Affiliation { OWNER, ADMIN, MEMBER, NONE }

    /**
     * How much room history a join asks for (XEP-0045 {@code <history/>}): at most
     * {@code maxStanzas} messages, none older than {@code since}. Absent: the service's default.
     */
    public record History(int maxStanzas, java.time.Instant since) {
    }

    /** An event without a history request (everything but an XMPP join). */
    public RoomEvent(Address from, Address to, Kind kind, Optional<String> newNick, Optional<String> text,
                     Role role, Affiliation affiliation, boolean self, Optional<String> password) {
        this(from, to, kind, newNick, text, role, affiliation, self, password, Optional.empty());
    }

    public RoomEvent {
        newNick = newNick == null ? Optional.empty() : newNick;
        text = text == null ? Optional.empty() : text;
        password = password == null ? Optional.empty() : password;
        history = history == null ? Optional.empty() : history;
        role = role == null ? Role.PARTICIPANT : role;
        affiliation = affiliation == null ? Affiliation.NONE : affiliation;
    }

    public static RoomEvent join(Address from, Address to, Role role, Affiliation affiliation, boolean self) {
        return new RoomEvent(from, to, Kind.JOIN, Optional.empty(), Optional.empty(), role, affiliation, self, Optional.empty());
    }

    public static RoomEvent leave(Address from, Address to, Optional<String> text, boolean self) {
        return new RoomEvent(from, to, Kind.LEAVE, Optional.empty(), text, Role.NONE, Affiliation.NONE, self, Optional.empty());
    }
}
