package dev.ferry.irc.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The IRC replies and commands Ferry acts on, in one table: wire code → name. Dispatch tables key
 * on these instead of scattering string literals.
 */
public enum IrcNumeric {
    RPL_WELCOME("001"),
    RPL_ISUPPORT("005"),
    RPL_TOPIC("332"),
    RPL_TOPICWHOTIME("333"),
    RPL_NAMREPLY("353"),
    RPL_ENDOFNAMES("366"),
    RPL_MOTD("372"),
    RPL_MOTDSTART("375"),
    RPL_ENDOFMOTD("376"),
    ERR_NOSUCHNICK("401"),
    ERR_NOSUCHCHANNEL("403"),
    ERR_CANNOTSENDTOCHAN("404"),
    ERR_TOOMANYCHANNELS("405"),
    ERR_UNKNOWNCOMMAND("421"),
    ERR_NOMOTD("422"),
    ERR_ERRONEUSNICKNAME("432"),
    ERR_NICKNAMEINUSE("433"),
    ERR_NICKCOLLISION("436"),
    ERR_UNAVAILRESOURCE("437"),
    ERR_NOTREGISTERED("451"),
    ERR_PASSWDMISMATCH("464"),
    ERR_CHANNELISFULL("471"),
    ERR_INVITEONLYCHAN("473"),
    ERR_BANNEDFROMCHAN("474"),
    ERR_BADCHANNELKEY("475"),
    ERR_NEEDREGGEDNICK("477"),
    ERR_CHANOPRIVSNEEDED("482"),
    RPL_LOGGEDIN("900"),
    RPL_LOGGEDOUT("901"),
    ERR_NICKLOCKED("902"),
    RPL_SASLSUCCESS("903"),
    ERR_SASLFAIL("904"),
    ERR_SASLTOOLONG("905"),
    ERR_SASLABORTED("906"),
    ERR_SASLALREADY("907"),
    RPL_SASLMECHS("908"),
    CAP("CAP"),
    AUTHENTICATE("AUTHENTICATE"),
    PING("PING"),
    PONG("PONG"),
    ERROR("ERROR"),
    NICK("NICK");

    private static final Map<String, IrcNumeric> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(IrcNumeric::code, Function.identity()));

    private final String code;

    IrcNumeric(String code) {
        this.code = code;
    }

    /** The command or three-digit numeric as it appears on the wire. */
    public String code() {
        return code;
    }

    public static Optional<IrcNumeric> of(String command) {
        return Optional.ofNullable(BY_CODE.get(command));
    }

    public static Optional<IrcNumeric> of(IrcMessage message) {
        return of(message.command());
    }

    public boolean is(IrcMessage message) {
        return code.equals(message.command());
    }
}
