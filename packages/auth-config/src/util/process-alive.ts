/** Whether a process of this host with this PID exists (`kill(pid, 0)`; EPERM: it exists but is another user's). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
