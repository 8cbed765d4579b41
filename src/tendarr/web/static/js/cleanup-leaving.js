/* Cleanup page, "Leaving Soon" tab: entries with days left, keep / extend, the review
 * queue (approve / reject), and "Run now" with the run's live progress from /api/events.
 * Registers the `cleanupLeaving` component; loaded without `defer`. */
(function () {
  "use strict";

  const RUN_JOB = "cleanup.run";
  const FINISHED = ["succeeded", "failed", "cancelled"];

  function component() {
    return {
      entries: [],
      state: "",
      loaded: false,
      error: "",
      job: null,
      selected: [],
      source: null,

      async init() {
        await this.load();
        this.follow();
      },
      destroy() {
        if (this.source) this.source.close();
      },
      get pending() {
        return this.entries.filter((e) => e.state === "pending_review");
      },
      get listed() {
        return this.entries.filter((e) => e.state !== "pending_review");
      },
      async load() {
        this.error = "";
        try {
          const query = this.state ? `?state=${encodeURIComponent(this.state)}` : "";
          this.entries = await window.Tendarr.api("GET", `/api/leaving-soon${query}`);
          this.selected = this.selected.filter((id) => this.pending.some((e) => e.id === id));
        } catch (err) {
          this.error = err.message;
        }
        this.loaded = true;
      },
      follow() {
        if (!window.EventSource) return;
        this.source = new EventSource("/api/events");
        this.source.addEventListener("job", (event) => {
          let job;
          try {
            job = JSON.parse(event.data);
          } catch (_err) {
            return;
          }
          if (job.type !== RUN_JOB) return;
          const finished = this.job && !FINISHED.includes(this.job.state) && FINISHED.includes(job.state);
          this.job = job;
          if (finished) this.load();
        });
      },
      get running() {
        return Boolean(this.job && !FINISHED.includes(this.job.state));
      },
      async runNow() {
        this.error = "";
        try {
          this.job = await window.Tendarr.api("POST", "/api/cleanup/run", { override_rule_ids: [] });
        } catch (err) {
          this.error = err.message;
        }
      },
      async act(url, body) {
        this.error = "";
        try {
          await window.Tendarr.api("POST", url, body);
          await this.load();
        } catch (err) {
          this.error = err.message;
        }
      },
      keep(entry) {
        return this.act(`/api/leaving-soon/${entry.id}/keep`, {});
      },
      extend(entry, days = 7) {
        return this.act(`/api/leaving-soon/${entry.id}/extend`, { days });
      },
      review(verdict) {
        if (!this.selected.length) return Promise.resolve();
        return this.act(`/api/leaving-soon/review/${verdict}`, { ids: this.selected.map(Number) });
      },
      daysLeft(entry) {
        if (entry.days_left === null || entry.days_left === undefined) return "—";
        return entry.days_left === 1 ? "1 day" : `${entry.days_left} days`;
      },
      stateLabel(state) {
        return (state || "").replace(/_/g, " ");
      },
      size(entry) {
        return entry.size_bytes === null ? "—" : window.Tendarr.formatSize(entry.size_bytes);
      },
      canExtend(entry) {
        return ["leaving", "extended", "due"].includes(entry.state);
      },
    };
  }

  document.addEventListener("alpine:init", () => window.Alpine.data("cleanupLeaving", component));
})();
