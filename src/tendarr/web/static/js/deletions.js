/* Deletion history page (templates/deletions.html): totals from /api/deletions/stats, a
 * filtered, paged /api/deletions with each record's steps, "Restore" on done rows
 * (POST /api/deletions/{id}/restore), and a reload whenever a cleanup or VIPER run
 * finishes (/api/events). `window.Deletions` holds the labels the item page's lifecycle
 * panel shares. Loaded without `defer`, before Alpine. */
(function () {
  "use strict";

  const FINISHED = ["succeeded", "failed", "cancelled"];
  const RUN_JOBS = ["cleanup.run", "viper.run"];
  const RESTORE_JOB = "lifecycle.restore";

  const STATES = [
    ["done", "Done"],
    ["failed", "Failed"],
    ["skipped", "Skipped"],
    ["planned", "Planned"],
    ["acting", "Acting"],
  ];
  const SOURCES = [
    ["rule", "Rule"],
    ["viper", "VIPER"],
    ["retention", "Retention"],
    ["manual", "Manual"],
  ];
  const METHODS = {
    arr_delete: "Sonarr/Radarr delete",
    arr_episode_files: "Sonarr episode files",
    media_server: "Media server",
    files: "Files on disk",
    none: "—",
  };
  const STEPS = {
    arr_delete: "Sonarr/Radarr delete",
    arr_episode_files: "Sonarr episode files",
    media_server: "Media server delete",
    files: "Delete files",
    refresh_section: "Refresh library",
    clear_request: "Clear request",
  };

  function label(pairs, value) {
    const found = pairs.find(([id]) => id === value);
    return found ? found[1] : value;
  }

  function stateBadge(state) {
    return {
      done: "badge--succeeded",
      failed: "badge--failed",
      skipped: "badge--cancelled",
      acting: "badge--running",
    }[state] || "";
  }

  function stepBadge(outcome) {
    if (outcome === "done" || outcome === "ok") return "badge--succeeded";
    if (outcome === "failed") return "badge--failed";
    if (outcome === "skipped") return "badge--cancelled";
    return "";
  }

  /* The step's detail and any extra fields it carries (status codes, ids, ...). */
  function stepDetail(step) {
    const extra = Object.entries(step)
      .filter(([key]) => !["step", "at", "outcome", "detail"].includes(key))
      .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : value}`);
    return [step.detail || "", ...extra].filter(Boolean).join("  ");
  }

  function restorationLabel(state) {
    return (state || "").replace(/_/g, " ");
  }

  function restorationBadge(state) {
    if (state === "done") return "badge--succeeded";
    if (state === "failed") return "badge--failed";
    return "badge--running";
  }

  /* Follow /api/events (`event: job`); `onOpen` runs on every (re)connect because events
   * sent while disconnected are lost. Returns a function that stops following. */
  function followJobs(onJob, onOpen) {
    if (!window.EventSource) return () => {};
    const live = () => window.Alpine && window.Alpine.store("live");
    const source = new EventSource("/api/events");
    if (live()) live().set("connecting");
    source.addEventListener("open", () => {
      if (live()) live().set("open");
      onOpen();
    });
    source.addEventListener("job", (event) => {
      try {
        onJob(JSON.parse(event.data));
      } catch (_err) {
        /* not a job */
      }
    });
    source.addEventListener("error", () => {
      if (live()) live().set(source.readyState === EventSource.CLOSED ? "closed" : "connecting");
    });
    return () => source.close();
  }

  window.Deletions = {
    STATES,
    SOURCES,
    sourceLabel: (value) => label(SOURCES, value),
    stateLabel: (value) => label(STATES, value),
    methodLabel: (value) => METHODS[value] || value,
    stateBadge,
    restorationLabel,
    restorationBadge,
    followJobs,
    FINISHED,
    RUN_JOBS,
  };

  function component() {
    return {
      records: [],
      total: 0,
      offset: 0,
      pageSize: 25,
      filters: { state: "", source: "" },
      stats: { all: null, recent: null },
      rules: {},
      restorations: {},
      open: {},
      busy: {},
      loaded: false,
      loading: false,
      error: "",
      ticket: 0,
      stop: null,
      states: STATES,
      sources: SOURCES,
      totals: [["done", "Deleted"], ["failed", "Failed"], ["skipped", "Skipped"]],

      init() {
        const params = new URLSearchParams(window.location.search);
        if (STATES.some(([id]) => id === params.get("state"))) this.filters.state = params.get("state");
        if (SOURCES.some(([id]) => id === params.get("source"))) this.filters.source = params.get("source");
        this.offset = Math.max(0, Number(params.get("offset")) || 0);
        this.reload();
        this.loadRules();
        this.stop = followJobs((job) => this.onJob(job), () => this.loaded && this.reload());
      },
      destroy() {
        if (this.stop) this.stop();
      },
      async reload() {
        await Promise.all([this.loadPage(), this.loadStats(), this.loadRestorations()]);
      },
      query() {
        const params = new URLSearchParams();
        if (this.filters.state) params.set("state", this.filters.state);
        if (this.filters.source) params.set("source", this.filters.source);
        params.set("limit", String(this.pageSize));
        params.set("offset", String(this.offset));
        return params;
      },
      remember() {
        const url = new URL(window.location.href);
        url.search = "";
        if (this.filters.state) url.searchParams.set("state", this.filters.state);
        if (this.filters.source) url.searchParams.set("source", this.filters.source);
        if (this.offset) url.searchParams.set("offset", String(this.offset));
        window.history.replaceState(null, "", url);
      },
      async loadPage() {
        const ticket = ++this.ticket;
        this.loading = true;
        this.remember();
        try {
          const data = await window.Tendarr.api("GET", "/api/deletions?" + this.query());
          if (ticket !== this.ticket) return;  // a newer filter answered first
          this.records = data.deletions;
          this.total = data.total;
          this.error = "";
        } catch (err) {
          if (ticket !== this.ticket) return;
          this.error = "The deletion history is unavailable: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
      },
      async loadStats() {
        try {
          const [all, recent] = await Promise.all([
            window.Tendarr.api("GET", "/api/deletions/stats"),
            window.Tendarr.api("GET", "/api/deletions/stats?days=30"),
          ]);
          this.stats = { all, recent };
        } catch (err) {
          this.error = "The totals are unavailable: " + err.message;
        }
      },
      /* Restorations by deletion, newest kept; an unavailable list shows none (no guess). */
      async loadRestorations() {
        try {
          const listed = await window.Tendarr.api("GET", "/api/restorations?limit=500");
          const byDeletion = {};
          for (const found of listed.slice().reverse()) {
            if (found.deletion_id !== null) byDeletion[found.deletion_id] = found;
          }
          this.restorations = byDeletion;
        } catch (_err) {
          this.restorations = {};
        }
      },
      async loadRules() {
        try {
          const data = await window.Tendarr.api("GET", "/api/cleanup/rules");
          const rules = Array.isArray(data) ? data : data.rules || [];
          this.rules = Object.fromEntries(rules.map((r) => [r.id, r.name]));
        } catch (_err) {
          this.rules = {};
        }
      },
      onJob(job) {
        if (!FINISHED.includes(job.state)) return;
        if (RUN_JOBS.includes(job.type)) this.reload();
        else if (job.type === RESTORE_JOB) this.loadRestorations();
      },
      filter() {
        this.offset = 0;
        this.open = {};
        this.loadPage();
      },
      page(direction) {
        this.offset = Math.max(0, this.offset + direction * this.pageSize);
        this.open = {};
        this.loadPage();
      },
      get rangeText() {
        if (!this.total) return "";
        const last = Math.min(this.total, this.offset + this.records.length);
        return `${this.offset + 1}–${last} of ${this.total}`;
      },
      isOpen(record) {
        return Boolean(this.open[record.id]);
      },
      toggle(record) {
        this.open = Object.assign({}, this.open, { [record.id]: !this.open[record.id] });
      },
      canRestore(record) {
        const found = this.restorations[record.id];
        return record.state === "done" && (!found || found.state === "failed");
      },
      async restore(record) {
        const yes = await window.Tendarr.confirm(
          `Tendarr removes its import exclusion, adds “${record.title}” back to Sonarr/Radarr with ` +
            "the settings it had, and searches for it.",
          { title: "Restore this title?", okLabel: "Restore" },
        );
        if (!yes) return;
        this.busy = Object.assign({}, this.busy, { [record.id]: true });
        try {
          const started = await window.Tendarr.api("POST", `/api/deletions/${record.id}/restore`);
          this.restorations = Object.assign({}, this.restorations, { [record.id]: started });
          window.Tendarr.toast(`${record.title}: ${restorationLabel(started.state)}`, "success", {
            title: "Restoration started",
          });
        } catch (err) {
          window.Tendarr.toastError(err, "Could not restore " + record.title);
        }
        this.busy = Object.assign({}, this.busy, { [record.id]: false });
      },
      when(record) {
        return record.finished_at || record.started_at || record.created_at;
      },
      size(bytes) {
        return bytes === null || bytes === undefined ? "—" : bytes === 0 ? "0 B" : window.Tendarr.formatSize(bytes);
      },
      ruleName(id) {
        return this.rules[id] ? this.rules[id] : `Rule #${id}`;
      },
      idsText(record) {
        return Object.entries(record.ids || {})
          .filter(([, value]) => value !== null && value !== "")
          .map(([key, value]) => `${key}:${value}`)
          .join("  ");
      },
      restorationText(found) {
        const head = `${restorationLabel(found.state)} (${found.trigger}, ${window.Tendarr.formatDate(found.updated_at)})`;
        return found.detail ? `${head}: ${found.detail}` : head;
      },
      sourceLabel: window.Deletions.sourceLabel,
      stateLabel: window.Deletions.stateLabel,
      methodLabel: window.Deletions.methodLabel,
      stateBadge,
      stepBadge,
      stepDetail,
      stepLabel: (step) => STEPS[step] || (step || "").replace(/_/g, " "),
      restorationLabel,
      restorationBadge,
    };
  }

  document.addEventListener("alpine:init", () => window.Alpine.data("deletionsPage", component));
})();
