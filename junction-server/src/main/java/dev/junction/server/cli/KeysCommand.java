package dev.junction.server.cli;

import dev.junction.server.auth.ApiKeyAuthenticator;
import dev.junction.server.auth.ApiKeys;
import dev.junction.store.ApiKey;
import dev.junction.store.Store;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** API keys of the admin API, in the store of a config: every node sharing the store honours them. */
@Command(name = "keys", description = "Create, list and revoke API keys of the admin API.",
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class})
final class KeysCommand {

    @Command(name = "create", description = "Create a key and print it once; only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Mixin ConfigFile config;
        @Parameters(index = "0", paramLabel = "NAME", description = "Who or what uses the key, e.g. ci or grafana.") String name;
        @Option(names = "--role", required = true, paramLabel = "read|admin",
                description = "read: GET only; admin: everything.") String role;

        @Override
        public Integer call() {
            ApiKey.Role parsed = ApiKey.Role.of(role);
            // It may make the store: a key may be issued before the gateway's first start.
            try (Store store = DlqCommand.create(DlqCommand.forStore(config.path()))) {
                ApiKeys.Issued issued = ApiKeys.issue(store, name, parsed, Instant.now(), new SecureRandom());
                // The key alone on stdout, so KEY=$(junction keys create ...) captures exactly it.
                System.err.println("created " + parsed.key() + " key '" + name + "'; this is the only time it is shown, store it now:");
                System.out.println(issued.key());
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List keys (never the keys themselves).")
    static final class List implements Callable<Integer> {
        @Mixin ConfigFile config;

        @Override
        public Integer call() {
            try (Store store = DlqCommand.open(config.path())) {
                java.util.List<ApiKey> keys = store.apiKeys();
                System.out.printf("%-24s %-6s %-10s %-24s %-24s %s%n", "NAME", "ROLE", "KEY", "CREATED", "LAST USED", "STATUS");
                for (ApiKey k : keys) {
                    System.out.printf("%-24s %-6s %-10s %-24s %-24s %s%n", k.name(), k.role().key(), k.prefix() + "…", k.createdAt(),
                            k.lastUsedAt() == null ? "never" : k.lastUsedAt(), k.revoked() ? "revoked " + k.revokedAt() : "active");
                }
                System.out.println(keys.size() + " key(s)");
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a key for good; gateways refuse it within seconds.")
    static final class Revoke implements Callable<Integer> {
        @Mixin ConfigFile config;
        @Parameters(index = "0", paramLabel = "NAME", description = "The key's name, as keys list shows it.") String name;

        @Override
        public Integer call() {
            try (Store store = DlqCommand.open(config.path())) {
                if (!store.revokeApiKey(name, Instant.now())) {
                    throw new JunctionCli.UserError("no active key named '" + name + "' ('junction keys list' shows them)");
                }
                System.out.println("revoked key '" + name + "'; running gateways refuse it within "
                        + ApiKeyAuthenticator.CACHE_FOR.toSeconds() + " s");
                return 0;
            }
        }
    }

    private KeysCommand() {}
}
