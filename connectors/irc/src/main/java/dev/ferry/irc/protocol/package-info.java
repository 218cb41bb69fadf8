/**
 * IRC protocol values with no sockets: message parsing and building ({@link dev.ferry.irc.protocol.IrcMessage}),
 * splitting user text into safe wire-sized pieces ({@link dev.ferry.irc.protocol.IrcTextSplitter}),
 * mIRC formatting and XEP-0393 styling ({@link dev.ferry.irc.protocol.IrcFormatting}), CTCP and the numeric table.
 *
 * <p>The rule this package enforces: text from a user can never become a second IRC line. Every
 * builder and {@link dev.ferry.irc.protocol.IrcMessage#toLine()} refuse CR, LF and NUL.
 */
package dev.ferry.irc.protocol;
