// lib/log.js: the scheduler's log. Every line goes to console (the scheduler log verwalter
// shows); lines added with change() are also collected for the schedule's `changes` list.
export class Log {
  #changes = [];

  get changes() {
    return [...this.#changes];
  }

  info(text) {
    console.log(`INFO: ${text}`);
  }

  warn(text) {
    console.log(`WARN: ${text}`);
  }

  change(text) {
    this.#changes.push(text);
    console.log(`CHANGE: ${text}`);
  }
}
