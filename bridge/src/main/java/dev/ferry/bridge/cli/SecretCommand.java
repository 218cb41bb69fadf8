package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.ConfigSchema;
import dev.ferry.bridge.config.SecretValues;
import dev.ferry.mappings.crypto.KeyMaterial;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "secret", description = "Secrets in the config file, encrypted with the store key.",
        subcommands = SecretCommand.Encrypt.class)
final class SecretCommand {

    @Command(name = "encrypt", description = {
            "Read a secret from standard input and print the enc:v1:... value to put in the config file",
            "under KEY, e.g. `printf %s \"$SECRET\" | ferry secret encrypt xmpp.components.irc.secret`."})
    static final class Encrypt implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "KEY", description = "the config key the value is for (it only decrypts there)")
        String key;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            // store.key is what encrypts the others; it comes from the environment or its key file.
            // Connector sections (mail.smarthost-password) hold secrets too: their *password/*secret keys.
            boolean secretKey = ConfigSchema.key(key).map(k -> k.secret()).orElseGet(() ->
                    ConfigSchema.OPEN_SECTIONS.contains(key.split("\\.", 2)[0]) && ConfigSchema.isSecret(key));
            if (!secretKey || key.equals("store.key")) {
                spec.commandLine().getErr().println("ferry: " + key + " is not a secret key; secret keys: "
                        + ConfigSchema.KEYS.stream().filter(k -> k.secret() && !k.path().equals("store.key")).map(k -> k.path()).toList());
                return ExitCodes.USAGE;
            }
            String secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (secret == null || secret.isEmpty()) {
                spec.commandLine().getErr().println("ferry: no secret on standard input");
                return ExitCodes.USAGE;
            }
            var store = config.load().store();
            spec.commandLine().getOut().println(SecretValues.encrypt(KeyMaterial.load(store.toSettings()), key, secret));
            return ExitCodes.OK;
        }
    }
}
