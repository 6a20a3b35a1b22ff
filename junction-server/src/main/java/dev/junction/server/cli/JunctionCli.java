package dev.junction.server.cli;

import dev.junction.server.config.ConfigException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code junction} command. User errors print one line and exit 2; never a stack trace. */
@Command(name = "junction", mixinStandardHelpOptions = true, version = "junction 0.1.0",
        description = "A self-hosted integration gateway: verified webhooks in, durable, delivered with retries.")
public final class JunctionCli {

    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, DemoCommand.class, TrainCommand.class, DlqCommand.class, KeysCommand.class,
            BackupCommand.class, PollCommand.class, CheckCommand.class, ExplainCommand.class, NewCommand.class, TransformCommand.class,
            DrillCommand.class, ReconcileCommand.class, PauseCommand.PauseIt.class, PauseCommand.Resume.class, CrmSimulatorCommand.class,
            CommandLine.HelpCommand.class);

    /**
     * Jetty's {@code MemoryUtils} otherwise asks the platform MBean server whether object references are
     * compressed, which starts JMX and registers every platform MBean before the first request (about 50 ms of
     * CPU). The value only sizes padding against false sharing; 16 references fill a 64-byte line when they are
     * compressed and two lines when not, so it is never too small.
     */
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    public static void main(String[] args) {
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new JunctionCli());
        // picocli builds each subcommand's model by reflection (over a tenth of a second for all of them, before
        // a gateway can start): when the first argument names one, only that one is built. Anything else (no
        // command, an option, a typo, help) gets them all, for the help and the error messages.
        Class<?> named = args.length == 0 ? null : COMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])).findFirst().orElse(null);
        for (Class<?> command : COMMANDS) {
            if (named == null || command == named) cli.addSubcommand(command);
        }
        withHelp(cli, cli.getCommandSpec().version());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof UserError || e instanceof dev.junction.server.design.Wizard.Ended) {
                cmd.getErr().println("junction: " + e.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("junction: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /**
     * Every command takes -h/--help, as the top level does: 'junction check --help' was "Missing required option".
     * And -V/--version, which printed nothing below the top level: each command has the top's version.
     */
    private static void withHelp(CommandLine command, String[] version) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        if (command.getCommandSpec().version().length == 0) command.getCommandSpec().version(version);
        command.getSubcommands().values().forEach(sub -> withHelp(sub, version));
    }

    /** An error the user can fix, reported as one line. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
