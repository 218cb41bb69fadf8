package dev.ferry.mail.gateway;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The recipient addresses a mail's headers name (Delivered-To, X-Original-To, To, Cc), lower case. */
final class HeaderRecipients {

    private static final String[] HEADERS = {"Delivered-To", "X-Original-To", "To", "Cc"};

    private HeaderRecipients() {
    }

    static Set<String> of(byte[] raw) {
        Set<String> out = new LinkedHashSet<>();
        try {
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(raw));
            for (String name : HEADERS) {
                String[] values = headers.getHeader(name);
                if (values == null) {
                    continue;
                }
                for (String v : values) {
                    try {
                        for (InternetAddress a : InternetAddress.parseHeader(v, false)) {
                            if (a.getAddress() != null) {
                                out.add(a.getAddress().toLowerCase(Locale.ROOT));
                            }
                        }
                    } catch (MessagingException e) {
                        // an unreadable header names nobody
                    }
                }
            }
        } catch (MessagingException e) {
            return out;
        }
        return out;
    }
}
