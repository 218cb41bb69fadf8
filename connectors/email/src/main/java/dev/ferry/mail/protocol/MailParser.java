package dev.ferry.mail.protocol;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an RFC 5322 / MIME mail into a {@link ParsedMail}: text/plain preferred over text/html
 * (made readable), any charset Java knows (an unknown one is read as windows-1252 and said so),
 * quoted-printable and base64 decoded by Jakarta Mail, other parts kept as attachments.
 * Pure: bytes in, value out.
 */
public final class MailParser {

    private static final Session SESSION = Session.getInstance(lenient());
    private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+>");

    private MailParser() {
    }

    /** @param envelopeSender MAIL FROM as given (empty for a bounce); null when unknown (IMAP) */
    public static ParsedMail parse(byte[] raw, String envelopeSender, boolean stripQuotes) {
        try {
            MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            Content content = new Content();
            walk(m, content, 0);
            String text = content.plain != null ? content.plain : content.html != null ? HtmlText.toText(content.html) : "";
            text = text.replace("\r\n", "\n").strip();
            if (stripQuotes) {
                text = QuoteStripper.strip(text);
            }
            Optional<InternetAddress> from = from(m);
            String subject = m.getSubject() == null ? "" : HeaderText.singleLine(m.getSubject());
            return new ParsedMail(from.map(a -> a.getAddress().toLowerCase(Locale.ROOT)),
                    from.map(InternetAddress::getPersonal).map(HeaderText::singleLine).orElse(""), subject, text,
                    ids(m.getHeader("Message-ID")).stream().findFirst(), ids(m.getHeader("In-Reply-To")),
                    ids(m.getHeader("References")),
                    AutomaticMail.reason(first(m, "Auto-Submitted"), first(m, "Precedence"), first(m, "List-Id"), envelopeSender),
                    all(m, "Authentication-Results"), content.attachments, content.notes, report(content));
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("not a readable mail: " + e.getMessage(), e);
        }
    }

    private static Optional<InternetAddress> from(MimeMessage m) {
        try {
            String[] raw = m.getHeader("From");
            if (raw == null || raw.length == 0) {
                return Optional.empty();
            }
            InternetAddress[] parsed = InternetAddress.parseHeader(raw[0], false);
            return parsed.length == 0 || parsed[0].getAddress() == null ? Optional.empty() : Optional.of(parsed[0]);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static final class Content {
        String plain;
        String html;
        final List<ParsedMail.MailAttachment> attachments = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String deliveryStatus;
        String returnedMessageId;
    }

    private static Optional<DeliveryReport> report(Content content) {
        return content.deliveryStatus == null ? Optional.empty()
                : DeliveryReport.parse(content.deliveryStatus, Optional.ofNullable(content.returnedMessageId));
    }

    private static void walk(Part part, Content content, int depth) throws MessagingException, IOException {
        if (depth > 20) {
            content.notes.add("MIME parts nested deeper than 20 levels were not read");
            return;
        }
        ContentType type = contentType(part);
        String disposition = part.getDisposition();
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null && !type.match("text/*");
        if (type.match("multipart/*")) {
            Object o = part.getContent();
            if (o instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    walk(child, content, depth + 1);
                }
            }
            return;
        }
        if (type.match("message/delivery-status") || type.match("message/global-delivery-status")) {
            content.deliveryStatus = new String(bytes(part), StandardCharsets.UTF_8);
        } else if (type.match("text/rfc822-headers") || type.match("message/rfc822-headers")) {
            content.returnedMessageId = returnedId(new String(bytes(part), StandardCharsets.ISO_8859_1));
        }
        if (content.returnedMessageId == null && type.match("message/rfc822")) {
            content.returnedMessageId = returnedId(new String(bytes(part), StandardCharsets.ISO_8859_1));
        }
        if (!attachment && type.match("text/plain") && content.plain == null) {
            content.plain = text(part, type, content);
        } else if (!attachment && type.match("text/html") && content.html == null) {
            content.html = text(part, type, content);
        } else if (type.match("message/rfc822") && !attachment) {
            content.attachments.add(new ParsedMail.MailAttachment(name(part, "message.eml"), "message/rfc822", bytes(part)));
        } else {
            content.attachments.add(new ParsedMail.MailAttachment(name(part, "attachment"), type.getBaseType().toLowerCase(Locale.ROOT),
                    bytes(part)));
        }
    }

    /** The Message-ID among the returned mail's headers. */
    private static String returnedId(String headers) {
        String unfolded = headers.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        for (String line : unfolded.split("\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                Matcher m = MSG_ID.matcher(line);
                return m.find() ? m.group() : null;
            }
        }
        return null;
    }

    private static ContentType contentType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        } catch (jakarta.mail.internet.ParseException e) {
            return new ContentType("application", "octet-stream", null);
        }
    }

    /** Decodes text with its declared charset; an unknown charset is read as windows-1252 and noted. */
    private static String text(Part part, ContentType type, Content content) throws MessagingException, IOException {
        String declared = type.getParameter("charset");
        Charset charset = StandardCharsets.US_ASCII;
        if (declared != null) {
            try {
                charset = Charset.forName(MimeUtility.javaCharset(declared.trim()));
            } catch (IllegalArgumentException e) {
                charset = Charset.forName("windows-1252");
                content.notes.add("unknown charset '" + HeaderText.singleLine(declared) + "', read as windows-1252");
            }
        }
        byte[] decoded = bytes(part);
        if (charset.equals(StandardCharsets.US_ASCII)) {
            // Undeclared 8-bit text is common; UTF-8 reads ASCII the same and keeps the rest.
            charset = StandardCharsets.UTF_8;
        }
        return new String(decoded, charset);
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String name(Part part, String dflt) throws MessagingException {
        String name = part.getFileName();
        if (name == null || name.isBlank()) {
            return dflt;
        }
        try {
            name = MimeUtility.decodeText(name);
        } catch (UnsupportedEncodingException e) {
            // keep it encoded: still a name
        }
        // A file name is shown to the user and used in an upload URL: no paths, no control characters.
        name = HeaderText.singleLine(name);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = slash >= 0 ? name.substring(slash + 1) : name;
        return name.isBlank() ? dflt : name;
    }

    private static List<String> ids(String[] headers) {
        List<String> out = new ArrayList<>();
        if (headers == null) {
            return out;
        }
        for (String h : headers) {
            Matcher matcher = MSG_ID.matcher(MimeUtility.unfold(h));
            while (matcher.find()) {
                out.add(matcher.group());
            }
        }
        return out;
    }

    private static String first(MimeMessage m, String name) throws MessagingException {
        String[] h = m.getHeader(name);
        return h == null || h.length == 0 ? null : MimeUtility.unfold(h[0]).trim();
    }

    private static List<String> all(MimeMessage m, String name) throws MessagingException {
        String[] h = m.getHeader(name);
        return h == null ? List.of() : Arrays.stream(h).map(MimeUtility::unfold).map(String::trim).toList();
    }

    private static Properties lenient() {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        p.setProperty("mail.mime.parameters.strict", "false");
        return p;
    }
}
