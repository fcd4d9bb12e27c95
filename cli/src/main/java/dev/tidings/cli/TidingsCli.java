package dev.tidings.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar tidings-cli.jar <command>}: the entry point and its exit codes. */
@Command(name = "tidings-cli", mixinStandardHelpOptions = true, version = "tidings-cli 0.1.0 (protocol tidings.v1)",
    description = "Watch Tidings live events from a terminal.", subcommands = WatchCommand.class)
public final class TidingsCli {

  private TidingsCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command line and answers its exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    for (String a : args) {
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.equals("--token") || name.equals("-t") || name.equals("--password")) {
        err.println("tidings: tokens are never taken from the command line (they end up in shell history and in every "
            + "`ps` listing); set " + CliConfig.TOKEN_ENV + " or put token=... in " + CliConfig.defaultFile(env)
            + " (chmod 600)");
        return Exit.USAGE.code();
      }
    }
    CommandLine cli = new CommandLine(new TidingsCli());
    // One list of exit codes (Exit) in the help of the command and of each subcommand.
    for (CommandLine c : List.of(cli, cli.getSubcommands().get("watch"))) {
      c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(Exit.helpList());
    }
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    ((WatchCommand) cli.getSubcommands().get("watch").getCommand()).io(env, out, err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof WatchFailure f) {
        err.println("tidings: " + f.getMessage());
        return f.exit().code();
      }
      err.println("tidings: unexpected failure: " + e);
      e.printStackTrace(err);
      return Exit.ERROR.code();
    });
    if (args.length == 0) {
      cli.usage(err);
      return Exit.USAGE.code();
    }
    return cli.execute(args);
  }
}
