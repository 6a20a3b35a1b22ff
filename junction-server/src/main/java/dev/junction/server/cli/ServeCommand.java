package dev.junction.server.cli;

import dev.junction.server.Gateway;
import dev.junction.server.config.WrittenConfig;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {

    @Mixin ConfigFile config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(config.path())) throw new JunctionCli.UserError(config.path() + ": no such file, or not readable");
        Gateway gateway = Gateway.start(WrittenConfig.load(config.path(), System.getenv()), Clock.systemUTC(), System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "junction-shutdown"));
        stopped.await();
        return 0;
    }
}
