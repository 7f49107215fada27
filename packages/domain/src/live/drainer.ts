import type { Db } from "@facet/db";
import { liveBatchSize, processPendingChanges } from "./evaluate";
import { pendingWorkspaces } from "./sweep";

type Log = (level: "info" | "error", message: string, data: Record<string, unknown>) => void;

/**
 * Drains the live audiences' outbox in this process. The outbox is the durable queue: a wake-up is only a
 * word in memory, so a writer pays nothing for it after its commit. One loop takes the woken workspaces in
 * turns, a batch each, until none has anything left; changes committed while a round runs are taken by the
 * next round, so the busier the ingest, the larger (and cheaper per change) the rounds. A round that fails
 * leaves its changes pending; the minute sweep (`segment.liveSweep`) wakes them again, in whichever process
 * runs it, and catches changes whose writer stopped before waking anyone. Several processes may drain one
 * workspace: the evaluator skips changes another has taken and serialises on the segments it updates.
 */
export class LiveDrainer {
  private readonly woken = new Set<string>();
  private running: Promise<void> | null = null;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly options: {
      log?: Log;
      /** On start, take every workspace's pending changes (not in tests sharing a database: only what they wake). */
      leftovers?: boolean;
      /** How the segment checks of segments a round moved are measured (their job system, notifications). */
      checks?: NonNullable<Parameters<typeof processPendingChanges>[3]>["checks"];
      /** The clock the rules read (tests move it on; unset: the real time). */
      now?: () => Date;
    } = {},
  ) {}

  /**
   * From now on a wake-up is acted on at once (until then they only accumulate: tests drain by hand). What a
   * stopped process left pending is taken at once, not at the next sweep.
   */
  async start() {
    this.started = true;
    if (this.options.leftovers !== false) for (const workspaceId of await pendingWorkspaces(this.db)) this.woken.add(workspaceId);
    if (this.woken.size > 0) this.kick();
  }

  async stop() {
    this.started = false;
    await this.running;
  }

  /** The workspace has committed changes in the outbox. */
  wake(workspaceId: string) {
    this.woken.add(workspaceId);
    if (this.started) this.kick();
  }

  /** Takes everything woken so far, and what that leaves, until nothing is left. */
  async drain() {
    while (this.woken.size > 0 || this.running) {
      this.kick();
      await this.running;
    }
  }

  private kick() {
    this.running ??= this.loop().finally(() => {
      this.running = null;
      if (this.started && this.woken.size > 0) this.kick();
    });
  }

  private async loop() {
    while (this.woken.size > 0) {
      const turn = [...this.woken];
      this.woken.clear();
      for (const workspaceId of turn) {
        try {
          const round = await processPendingChanges(this.db, workspaceId, liveBatchSize, {
            checks: this.options.checks,
            now: this.options.now?.(),
          });
          if (round.changes === liveBatchSize) this.woken.add(workspaceId);
        } catch (err) {
          this.options.log?.("error", "live evaluation failed; the sweep tries again", { err, workspaceId });
        }
      }
    }
  }
}
