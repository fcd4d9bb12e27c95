// Outgoing commands made while no connection is open: kept in order, bounded so that a page left
// offline for hours does not grow without limit (the oldest are dropped first).

/** A bounded first-in first-out queue of commands. */
export class CommandQueue {
  constructor(limit = 100) {
    this.limit = Math.max(1, limit);
    this.items = [];
    this.dropped = 0;
  }

  /** Queues `command`; when full, the oldest command is dropped and counted. */
  push(command) {
    this.items.push(command);
    while (this.items.length > this.limit) {
      this.items.shift();
      this.dropped += 1;
    }
  }

  get size() {
    return this.items.length;
  }

  /** Removes and returns everything queued, oldest first. */
  drain() {
    const out = this.items;
    this.items = [];
    return out;
  }
}
