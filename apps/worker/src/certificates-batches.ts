// Calls gathered and run as one. The jobs a worker has in flight reach the database at nearly the same moment: one
// statement for all of them costs PostgreSQL, the round trips and this process far less than one each, and leaves the
// core to rendering.

interface Waiting<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * `add` answers what `run` answered for its item. One run at a time: what is added while one is in flight goes in the
 * next, all together, as soon as it ends; with none in flight a batch goes when the event loop next turns (so the
 * calls of one turn, such as the renders that finished together, go as one). A quiet worker waits for nothing, a busy
 * one makes ever larger batches, and jobs do not fall into lockstep.
 */
export class Batches<In, Out> {
  private waiting: Array<Waiting<In, Out>> = [];
  private busy = false;

  constructor(
    /** One answer per item, in the same order. */
    private readonly run: (items: In[]) => Promise<Out[]>,
  ) {}

  add(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.busy) return;
      this.busy = true;
      setImmediate(() => this.next());
    });
  }

  private next(): void {
    const batch = this.waiting;
    if (batch.length === 0) return void (this.busy = false);
    this.waiting = [];
    void this.settle(batch).then(() => this.next());
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
