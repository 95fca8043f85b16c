// Calls gathered while the event loop is busy and run as one. The jobs a worker has in flight reach the database at
// nearly the same moment: one statement for all of them costs PostgreSQL, the round trips and this process far less
// than one each, and leaves the core to rendering.

interface Waiting<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * `add` answers what `run` answered for its item. A batch goes when the event loop next turns (setImmediate: after
 * the work in hand, such as the renders that finished together), or as soon as it holds `max` items. Should `run`
 * fail, every item of its batch fails with that error.
 */
export class Batches<In, Out> {
  private waiting: Array<Waiting<In, Out>> = [];
  private scheduled = false;

  constructor(
    /** One answer per item, in the same order. */
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly max = 64,
  ) {}

  add(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.max) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.run(batch.map((w) => w.item)).then(
      (answers) => batch.forEach((w, i) => w.resolve(answers[i]!)),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }
}

/** Whether each item is the first with its key in the batch: a certificate sent twice (two live jobs) is worked once. */
export function firstOfEach<T>(items: T[], key: (item: T) => string): boolean[] {
  const seen = new Set<string>();
  return items.map((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}
