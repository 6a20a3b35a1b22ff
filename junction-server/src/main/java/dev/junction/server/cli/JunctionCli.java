package dev.junction.server.cli;

import dev.junction.server.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code junction} command. User errors print one line and exit 2; never a stack trace. */
@Command(name = "junction", mixinStandardHelpOptions = true, version = "junction 0.1.0",
        description = "A self-hosted integration gateway: verified webhooks in, durable, delivered with retries.",
        subcommands = {ServeCommand.class, DemoCommand.class, TrainCommand.class, DlqCommand.class, KeysCommand.class, BackupCommand.class,
                PollCommand.class, CheckCommand.class, ExplainCommand.class, NewCommand.class, TransformCommand.class, DrillCommand.class,
                ReconcileCommand.class,
                PauseCommand.PauseIt.class,
                PauseCommand.Resume.class, CommandLine.HelpCommand.class})
public final class JunctionCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new JunctionCli());
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

    /** An error the user can fix, reported as one line. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
