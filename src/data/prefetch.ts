/**
 * Yields `produce(0) ... produce(count - 1)` in order while keeping at most `depth` of them
 * started ahead of the consumer: memory holds `depth` results plus the one being consumed,
 * however large `count` is. If the consumer stops early, work already started is awaited
 * quietly, so no rejection goes unhandled.
 */
export async function* prefetch<T>(count: number, depth: number, produce: (index: number) => Promise<T>): AsyncGenerator<T> {
  const queue: Promise<T>[] = [];
  let next = 0;
  const fill = () => {
    while (queue.length < Math.max(1, depth) && next < count) queue.push(produce(next++));
  };
  try {
    fill();
    while (queue.length > 0) {
      const item = await queue.shift()!;
      fill();
      yield item;
    }
  } finally {
    for (const pending of queue) pending.catch(() => undefined);
  }
}
