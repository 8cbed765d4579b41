/* Cleanup page, "Restorations" tab: every restoration with its state and steps, kept live
 * from /api/events (the lifecycle.restore job) and a slow poll while any is unfinished;
 * Retry for failed ones. Registers `cleanupRestorations`; loaded without `defer`. */
(function () {
  "use strict";

  const RESTORE_JOB = "lifecycle.restore";
  const OPEN = ["queued", "removing_exclusion", "adding", "searching"];
  const POLL_MS = 5000;
  const TRIGGERS = {
    watchlist: "back on a watchlist",
    request: "requested again",
    manual: "restored by an admin",
    viper: "VIPER: needed again soon",
  };

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("cleanupRestorations", () => ({
      restorations: [],
      loaded: false,
      error: "",
      source: null,
      timer: null,
      async init() {
        await this.load();
        if (window.EventSource) {
          this.source = new EventSource("/api/events");
          this.source.addEventListener("job", (event) => {
            let job;
            try {
              job = JSON.parse(event.data);
            } catch (_err) {
              return;
            }
            if (job.type === RESTORE_JOB) this.load();
          });
        }
        this.timer = window.setInterval(() => {
          if (this.restorations.some((r) => OPEN.includes(r.state))) this.load();
        }, POLL_MS);
      },
      destroy() {
        if (this.source) this.source.close();
        if (this.timer) window.clearInterval(this.timer);
      },
      async load() {
        try {
          this.restorations = await window.Tendarr.api("GET", "/api/restorations");
          this.error = "";
        } catch (err) {
          this.error = err.message;
        }
        this.loaded = true;
      },
      triggerLabel(r) {
        return TRIGGERS[r.trigger] || r.trigger;
      },
      badge(state) {
        if (state === "done") return "badge--succeeded";
        if (state === "failed") return "badge--failed";
        if (state === "cancelled") return "badge--cancelled";
        return "badge--running";
      },
      async retry(r) {
        try {
          await window.Tendarr.api("POST", `/api/restorations/${r.id}/retry`);
          await this.load();
        } catch (err) {
          this.error = err.message;
        }
      },
    }));
  });
})();
