// Calls gathered and run as one. The jobs a worker has in flight reach the database at nearly the same moment: one
// statement for all of them costs PostgreSQL, the round trips and this process far less than one each, and leaves the
// core to rendering.

interface Waiting<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

export interface BatchesOptions {
  /**
   * While this answers true for the number waiting, the batch waits for more before it goes (asked again at each
   * `add` and `recheck`), at most `maxHoldMs`: for calls that are sure to come soon.
   */
  holdWhile?: (waiting: number) => boolean;
  maxHoldMs?: number;
}

/**
 * `add` answers what `run` answered for its item. One run at a time: what is added while one is in flight goes in the
 * next, all together, as soon as it ends; with none in flight a batch goes when the event loop next turns (so the
 * calls of one turn, such as the renders that finished together, go as one), unless `holdWhile` holds it. A quiet
 * worker waits for nothing, a busy one makes ever larger batches, and jobs do not fall into lockstep.
 */
export class Batches<In, Out> {
  private waiting: Array<Waiting<In, Out>> = [];
  private busy = false;
  /** Set while a batch waits on `holdWhile`: it goes then, whatever `holdWhile` says. */
  private holdTimer?: NodeJS.Timeout;

  constructor(
    /** One answer per item, in the same order. */
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly options: BatchesOptions = {},
  ) {}

  add(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.recheck();
    });
  }

  /** Sends the waiting batch if nothing holds it any longer (what `holdWhile` reads changed without an `add`). */
  recheck(): void {
    if (this.busy) return;
    if (this.waiting.length === 0) return;
    if (this.options.holdWhile?.(this.waiting.length)) {
      this.holdTimer ??= setTimeout(() => this.go(), this.options.maxHoldMs ?? 0);
      return;
    }
    this.go();
  }

  private go(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.busy) return;
    this.busy = true;
    setImmediate(() => this.next());
  }

  private next(): void {
    const batch = this.waiting;
    if (batch.length === 0) return void (this.busy = false);
    this.waiting = [];
    void this.settle(batch).then(() => {
      this.busy = false;
      this.recheck();
    });
  }

  /** A batch that fails is run again item by item: one bad item must not fail the others with it. */
  private async settle(batch: Array<Waiting<In, Out>>): Promise<void> {
    try {
      const answers = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const w of batch) await this.settle([w]);
    }
  }
}

/** Whether each item is the first with its key in the batch: a certificate sent twice (two live jobs) is worked once. */
export function firstOfEach<T>(items: T[], key: (item: T) => string): boolean[] {
  const seen = new Set<string>();
  return items.map((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}
