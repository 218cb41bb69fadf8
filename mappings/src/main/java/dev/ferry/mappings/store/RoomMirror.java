package dev.ferry.mappings.store;

/** An IRC channel linked to a MUC room, relayed by one bot with {@code botNick} on both sides. */
public record RoomMirror(long id, String ircServer, String channel, String mucJid, String botNick) {
}
