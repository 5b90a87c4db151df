/**
 * Reading /proc/<pid>/stat (Linux), for the tools that measure process trees: the bench's memory
 * and CPU per request (process-tree.ts) and `npm test`'s CPU by kind of process (test-cpu.ts).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

export interface ProcStat {
  ppid: number;
  /** User + system CPU time so far, in seconds. */
  cpuSeconds: number;
  /** When the process started, in ticks since boot: with the pid, it names one process. */
  startTicks: number;
}

/** The stat of a process, or null once it has ended (or is not ours to read). */
export function procStat(pid: number | string): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses: the fields start after the last ')'. The
  // indexes below are proc(5)'s field numbers less three: ppid (4), utime (14), stime (15) and
  // starttime (22).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / USER_HZ,
    startTicks: Number(fields[19]),
  };
}
