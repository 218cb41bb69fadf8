package dev.ferry.spi;

import java.util.Optional;

/**
 * One field of a connector's registration form, neutral: the bridge shows it as a XEP-0004
 * data form field. {@code value} is the current value (never a stored secret).
 */
public record FormField(String var, String label, Kind kind, boolean required, Optional<String> value, String description) {

    public enum Kind { TEXT, PRIVATE, BOOLEAN }

    public FormField {
        value = value == null ? Optional.empty() : value;
        description = description == null ? "" : description;
    }
}
