package dev.ferry.spi;

/**
 * Why an event could not be delivered, in terms both sides map: RFC 6120 stanza error
 * conditions on XMPP, RFC 7247 response codes on SIP, reply codes on SMTP.
 */
public enum Failure {
    BAD_REQUEST,
    FORBIDDEN,
    ITEM_NOT_FOUND,
    NOT_ACCEPTABLE,
    NOT_AUTHORIZED,
    POLICY_VIOLATION,
    RECIPIENT_UNAVAILABLE,
    REMOTE_SERVER_NOT_FOUND,
    REMOTE_SERVER_TIMEOUT,
    RESOURCE_CONSTRAINT,
    SERVICE_UNAVAILABLE,
    FEATURE_NOT_IMPLEMENTED,
    INTERNAL_SERVER_ERROR
}
