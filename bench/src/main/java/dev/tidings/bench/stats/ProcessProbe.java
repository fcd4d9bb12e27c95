package dev.tidings.bench.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads CPU time, RSS and (through jcmd) live heap of a process on Linux, including this one. */
public final class ProcessProbe {

  private static final long TICKS_PER_SECOND = ticksPerSecond();
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private ProcessProbe() {
  }

  /** CPU time (user + system) of the process in microseconds, from /proc/pid/stat (10 ms resolution). */
  public static long cpuMicros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name may contain spaces: fields are counted after the closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1_000_000L / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU time of this JVM in microseconds (the load client's own cost). */
  public static long selfCpuMicros() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1000L;
    }
    return cpuMicros(ProcessHandle.current().pid());
  }

  /** System (kernel) CPU time of the process in microseconds; on loopback it includes the receivers' TCP work. */
  public static long systemCpuMicros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return Long.parseLong(f[12]) * 1_000_000L / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Write and read system calls of the process so far ({@code syscw}, {@code syscr} of /proc/pid/io; writev and
   * sendmsg count as one each), or {-1, -1}: how many socket writes a fan-out cost, whatever the frames.
   */
  public static long[] syscalls(long pid) {
    long[] out = {-1, -1};
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
        if (line.startsWith("syscw:")) {
          out[0] = Long.parseLong(line.substring(6).trim());
        } else if (line.startsWith("syscr:")) {
          out[1] = Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not readable here: reported as -1
    }
    return out;
  }

  /**
   * CPU time (user + system, microseconds) of every thread of {@code pid} so far, summed by thread name with
   * trailing numbers folded ("host-42" and "host-7" are "host-N", "C2 CompilerThread0" is "C2 CompilerThreadN");
   * empty if unreadable. The difference of two snapshots says which threads a case cost.
   */
  public static java.util.Map<String, Long> threadCpuMicros(long pid) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?\\d+$", "N");
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
          long micros = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000L / TICKS_PER_SECOND;
          out.merge(name, micros, Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
    } catch (IOException | RuntimeException e) {
      // not readable here: empty
    }
    return out;
  }

  /** Resident set size in KiB from /proc/pid/status, or -1. */
  /** Open file descriptors (sockets included) of {@code pid}, or -1 if unreadable. */
  public static long openFiles(long pid) {
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Runs a full GC in the target JVM (jcmd GC.run) and returns its used heap in KiB afterwards, or -1. */
  public static long liveHeapKiB(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    try {
      Process p = new ProcessBuilder(List.of(exe, Long.toString(pid), command)).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new String(out);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String s = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(s);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
