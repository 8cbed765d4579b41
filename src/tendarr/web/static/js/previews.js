/* Previews page (templates/previews.html): tabs, and the Jobs tab — "generate for paths",
 * preview jobs with live progress over /api/events, per-file outcomes with filters and
 * paging, retry failed / reprocess, and the persisted pause with quiet hours.
 * Loaded without `defer` so its components exist before the deferred Alpine starts. */
(function () {
  "use strict";

  const TYPES = ["previews.paths", "previews.library", "previews.recent"];
  const TABS = ["jobs", "schedules", "webhooks", "paths", "viewer"];
  const STATUSES = ["generated", "fresh", "excluded", "not_indexed", "failed"];
  const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
  const PAGE = 25;

  const T = () => window.Tendarr;

  /* The shared live stream (same protocol as the other pages); returns a stop function. */
  function followJobs(onJob, onOpen) {
    const store = () => window.Alpine && window.Alpine.store("live");
    if (!window.EventSource) return () => {};
    const source = new EventSource("/api/events");
    const set = (state) => store() && store().set(state);
    set("connecting");
    source.addEventListener("open", () => { set("open"); onOpen(); });
    source.addEventListener("job", (event) => {
      try { onJob(JSON.parse(event.data)); } catch (_err) { /* not a job */ }
    });
    source.addEventListener("error", () => set(source.readyState === EventSource.CLOSED ? "closed" : "connecting"));
    return () => { source.close(); set("idle"); };
  }

  function upsert(list, job) {
    const at = list.findIndex((j) => j.id === job.id);
    if (at >= 0) { list.splice(at, 1, Object.assign({}, list[at], job)); return; }
    const before = list.findIndex((j) => j.id < job.id);
    list.splice(before < 0 ? list.length : before, 0, job);
  }

  window.Previews = { followJobs, STATUSES, TERMINAL };

  document.addEventListener("alpine:init", () => {
    const Alpine = window.Alpine;

    Alpine.data("previewsPage", () => ({
      tab: "jobs",
      init() {
        const wanted = window.location.hash.replace("#", "");
        if (TABS.includes(wanted)) this.tab = wanted;
      },
      show(tab) {
        this.tab = tab;
        window.history.replaceState(null, "", "#" + tab);
      },
    }));

    Alpine.data("previewJobs", () => ({
      jobs: [],
      loaded: false,
      error: "",
      form: { paths: "", force: false, priority: 2 },
      submitting: false,
      processing: null,
      toggling: false,
      open: {},
      outcomes: {},
      busy: {},
      stop: null,
      init() {
        this.reload();
        this.loadProcessing();
        this.stop = followJobs((job) => this.onJob(job), () => this.reload());
      },
      destroy() {
        if (this.stop) this.stop();
      },
      async reload() {
        try {
          const lists = await Promise.all(TYPES.map((type) => T().api("GET", `/api/jobs?type=${type}&limit=50`)));
          const all = lists.flatMap((l) => l.jobs).sort((a, b) => b.id - a.id);
          this.jobs = all;
          this.error = "";
          all.filter((j) => this.open[j.id]).forEach((j) => this.loadOutcomes(j.id));
        } catch (err) {
          this.error = "Preview jobs unavailable: " + err.message;
        }
        this.loaded = true;
      },
      onJob(job) {
        if (!TYPES.includes(job.type)) return;
        const before = this.jobs.find((j) => j.id === job.id);
        upsert(this.jobs, job);
        // Outcome rows are written as files finish: re-read the open table when counts move.
        const moved = !before || before.completed !== job.completed || before.state !== job.state;
        if (this.open[job.id] && moved) this.loadOutcomes(job.id);
      },
      async submit() {
        const paths = this.form.paths.split("\n").map((p) => p.trim()).filter(Boolean);
        if (!paths.length) return;
        this.submitting = true;
        try {
          const job = await T().api("POST", "/api/jobs/manual", {
            paths, force: this.form.force, priority: Number(this.form.priority),
          });
          upsert(this.jobs, job);
          this.open[job.id] = true;
          this.loadOutcomes(job.id);
          this.form.paths = "";
          T().toast(`Job #${job.id} queued for ${paths.length} file(s)`, "success");
        } catch (err) {
          T().toastError(err, "Could not start the job");
        }
        this.submitting = false;
      },
      toggle(job) {
        this.open[job.id] = !this.open[job.id];
        if (this.open[job.id]) this.loadOutcomes(job.id);
      },
      view(job) {
        return this.outcomes[job.id] || { files: [], total: 0, counts: {}, filter: "", offset: 0 };
      },
      async loadOutcomes(id) {
        const current = this.outcomes[id] || { filter: "", offset: 0 };
        const params = new URLSearchParams({ limit: String(PAGE), offset: String(current.offset) });
        if (current.filter) params.append("status", current.filter);
        try {
          const page = await T().api("GET", `/api/previews/jobs/${id}/files?${params}`);
          this.outcomes[id] = Object.assign({}, page, { filter: current.filter, offset: current.offset });
        } catch (err) {
          this.outcomes[id] = Object.assign({ files: [], total: 0, counts: {} }, current, { error: err.message });
        }
      },
      setFilter(job, status) {
        this.outcomes[job.id] = Object.assign({}, this.view(job), { filter: status, offset: 0 });
        this.loadOutcomes(job.id);
      },
      page(job, step) {
        const v = this.view(job);
        const offset = Math.max(0, v.offset + step * PAGE);
        if (offset >= v.total && step > 0) return;
        this.outcomes[job.id] = Object.assign({}, v, { offset });
        this.loadOutcomes(job.id);
      },
      rangeText(job) {
        const v = this.view(job);
        if (!v.total) return "0 files";
        return `${v.offset + 1}–${Math.min(v.offset + PAGE, v.total)} of ${v.total}`;
      },
      countOf(job, status) {
        return (this.view(job).counts || {})[status] || 0;
      },
      async again(job, action) {
        this.busy[job.id] = true;
        try {
          const started = await T().api("POST", `/api/previews/jobs/${job.id}/${action}`, {});
          upsert(this.jobs, started);
          T().toast(`Job #${started.id} queued`, "success");
        } catch (err) {
          T().toastError(err, action === "retry-failed" ? "Retry failed" : "Reprocess failed");
        }
        this.busy[job.id] = false;
      },
      async loadProcessing() {
        try {
          this.processing = await T().api("GET", "/api/processing/status");
        } catch (err) {
          this.processing = null;
        }
      },
      async togglePause() {
        if (!this.processing) return;
        this.toggling = true;
        try {
          const action = this.processing.paused ? "resume" : "pause";
          this.processing = await T().api("POST", `/api/processing/${action}`, {});
        } catch (err) {
          T().toastError(err, "Could not change processing");
        }
        this.toggling = false;
      },
      get quietText() {
        const q = this.processing && this.processing.quiet_hours;
        return q ? `${q.start}–${q.end}` : "none";
      },
    }));
  });
})();
