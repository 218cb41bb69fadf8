-- Per-user settings a user gave a gateway by registration (XEP-0077), e.g. their nick and port for
-- one IRC server (scope). Secrets never go here: they live encrypted in credential.
CREATE TABLE user_setting (
    owner_jid   VARCHAR(2047) NOT NULL,
    network     VARCHAR(16) NOT NULL,
    scope       VARCHAR(512) NOT NULL,
    name        VARCHAR(128) NOT NULL,
    setting     VARCHAR(2048) NOT NULL,
    CONSTRAINT user_setting_one UNIQUE (owner_jid, network, scope, name)
);
