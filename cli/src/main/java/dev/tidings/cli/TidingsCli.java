package dev.tidings.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar tidings-cli.jar <command>}: the entry point and its exit codes. */
@Command(name = "tidings-cli", mixinStandardHelpOptions = true, version = "tidings-cli 0.1.0 (protocol tidings.v1)",
    description = "Watch Tidings live events from a terminal.", subcommands = WatchCommand.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:normal end (--count reached, or Ctrl-C)",
        "1:unexpected failure",
        "2:bad usage (unknown option, bad value, a token on the command line, no URL)",
        "3:bad or revoked credentials (HTTP 401, close 4501, unauthenticated)",
        "4:the repository does not exist or may not be read (forbidden), or access was revoked",
        "5:server unreachable after --max-retries attempts",
        "6:the server does not speak protocol tidings.v1"})
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
