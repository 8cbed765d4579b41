/* Tendarr browser UI: a small JSON-API client, toasts, the live event stream and the
 * Alpine components behind each page. Loaded (deferred) before Alpine so that the
 * components are registered on `alpine:init`. */
(function () {
  "use strict";

  const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"];
  const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
  const DEMO_JOB_TYPE = "demo.count";

  class ApiError extends Error {
    constructor(status, message, code) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function loginUrl() {
    const here = window.location.pathname + window.location.search;
    return "/login?next=" + encodeURIComponent(here);
  }

  /* Call the JSON API; resolve to the parsed body (null for 204), reject with ApiError.
   * A 401 on a page that needs a session means it expired: go to the login page,
   * unless the caller handles 401 itself (login, setup). */
  async function api(method, url, body, options = {}) {
    const headers = { Accept: "application/json" };
    const unsafe = !["GET", "HEAD", "OPTIONS"].includes(method);
    if (unsafe) {
      headers["Content-Type"] = "application/json";
      headers["X-CSRF-Token"] = csrfToken();
    }
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        credentials: "same-origin",
        body: unsafe ? JSON.stringify(body === undefined ? {} : body) : undefined,
      });
    } catch (err) {
      throw new ApiError(0, "Cannot reach Tendarr: " + err.message, "NETWORK_ERROR");
    }
    if (response.status === 204) return null;
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (_err) {
        data = null;
      }
    }
    if (!response.ok) {
      if (response.status === 401 && !options.allowUnauthorized) {
        window.location.assign(loginUrl());
      }
      const message = data && data.error ? data.error : `${response.status} ${response.statusText}`;
      throw new ApiError(response.status, message, data && data.code ? data.code : "HTTP_ERROR");
    }
    return data;
  }

  /* ---- toasts ---------------------------------------------------------------------- */

  function toast(message, kind = "info", options = {}) {
    const host = document.getElementById("toasts");
    if (!host) return;
    const el = document.createElement("div");
    el.className = `toast toast--${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.dataset.testid = "toast";
    el.dataset.kind = kind;
    const body = document.createElement("div");
    body.className = "toast__body";
    if (options.title) {
      const title = document.createElement("div");
      title.className = "toast__title";
      title.textContent = options.title;
      body.appendChild(title);
    }
    const text = document.createElement("div");
    text.className = "toast__text";
    text.textContent = message;
    body.appendChild(text);
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast__close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    el.append(body, close);
    const remove = () => {
      el.classList.add("toast--leaving");
      setTimeout(() => el.remove(), 200);
    };
    close.addEventListener("click", remove);
    host.appendChild(el);
    setTimeout(remove, options.timeout || (kind === "error" ? 9000 : 5000));
  }

  function toastError(err, title) {
    toast(err && err.message ? err.message : String(err), "error", { title });
  }

  /* ---- formatting ------------------------------------------------------------------ */

  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

  function parseDate(value) {
    if (!value) return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  function formatDate(value) {
    const date = parseDate(value);
    return date ? dateFormat.format(date) : "";
  }

  function relativeTime(value, now) {
    const date = parseDate(value);
    if (!date) return "—";
    const seconds = Math.round((date.getTime() - (now || Date.now())) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 45) return "just now";
    if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), "minute");
    if (abs < 86400) return relativeFormat.format(Math.round(seconds / 3600), "hour");
    return relativeFormat.format(Math.round(seconds / 86400), "day");
  }

  function percent(job) {
    if (job.state === "succeeded") return 100;
    return Math.round(Math.max(0, Math.min(1, job.progress || 0)) * 100);
  }

  function progressText(job) {
    if (job.total) return `${job.completed}/${job.total}`;
    return `${percent(job)}%`;
  }

  function stateLabel(job) {
    if (job.cancel_requested && !TERMINAL.has(job.state)) return "cancelling";
    return job.state;
  }

  function historyExtra(entry) {
    return Object.entries(entry)
      .filter(([key]) => key !== "at" && key !== "event")
      .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : value}`)
      .join("  ");
  }

  /* ---- live job events ------------------------------------------------------------- */

  /* One EventSource per page, shared by every component; `live` (an Alpine store)
   * shows its state in the top bar. After a reconnect, listeners are told to resync
   * because events sent while disconnected are lost. */
  const jobListeners = new Set();
  const resyncListeners = new Set();
  let source = null;
  let everOpened = false;
  let retryTimer = null;

  function setLive(state) {
    if (!window.Alpine) return;
    const store = window.Alpine.store("live");
    if (store) store.set(state);
  }

  function connectEvents() {
    if (source || !window.EventSource) return;
    setLive("connecting");
    source = new EventSource("/api/events");
    source.addEventListener("open", () => {
      setLive("open");
      if (everOpened) resyncListeners.forEach((fn) => fn());
      everOpened = true;
    });
    source.addEventListener("job", (event) => {
      let job;
      try {
        job = JSON.parse(event.data);
      } catch (_err) {
        return;
      }
      jobListeners.forEach((fn) => fn(job));
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (e.g. the session expired): retry ourselves.
        source = null;
        setLive("closed");
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connectEvents, 5000);
      } else {
        setLive("connecting");
      }
    });
  }

  function onJob(fn, resync) {
    jobListeners.add(fn);
    if (resync) resyncListeners.add(resync);
    connectEvents();
  }

  /* Put `job` into `list` (newest first) unless an older version would overwrite a newer one. */
  function upsertJob(list, job, insertNew = true) {
    const index = list.findIndex((j) => j.id === job.id);
    if (index >= 0) {
      list.splice(index, 1, Object.assign({}, list[index], job));
      return true;
    }
    if (!insertNew) return false;
    const at = list.findIndex((j) => j.id < job.id);
    list.splice(at < 0 ? list.length : at, 0, job);
    return true;
  }

  function startDemoJob(steps, stepSeconds, priority = 2) {
    return api("POST", "/api/jobs", {
      type: DEMO_JOB_TYPE,
      payload: { steps, step_seconds: stepSeconds },
      priority,
    });
  }

  async function logout() {
    try {
      await api("POST", "/api/auth/logout", {}, { allowUnauthorized: true });
    } catch (err) {
      if (err.status !== 401) {
        toastError(err, "Logout failed");
        return;
      }
    }
    window.location.assign("/login");
  }

  function confirmDialog(message, options = {}) {
    return window.Alpine.store("confirm").ask(message, options);
  }

  /* Return a same-origin path from ?next=, or "/" (never an open redirect). */
  function nextPath() {
    const next = new URLSearchParams(window.location.search).get("next");
    if (next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
      return next;
    }
    return "/";
  }

  /* ---- Alpine stores and components ------------------------------------------------ */

  document.addEventListener("alpine:init", () => {
    const Alpine = window.Alpine;

    Alpine.store("live", {
      state: "idle",
      get label() {
        return { open: "Live", connecting: "Connecting", closed: "Offline", idle: "" }[this.state];
      },
      get title() {
        return {
          open: "Receiving live updates",
          connecting: "Connecting to live updates…",
          closed: "Live updates unavailable; retrying",
          idle: "",
        }[this.state];
      },
      set(state) {
        this.state = state;
      },
    });

    // A shared clock so relative times ("2 minutes ago") stay true without reloads.
    Alpine.store("clock", { now: Date.now() });
    setInterval(() => {
      Alpine.store("clock").now = Date.now();
    }, 30000);

    Alpine.store("confirm", {
      open: false,
      title: "",
      message: "",
      okLabel: "OK",
      danger: false,
      resolve: null,
      ask(message, options) {
        if (this.resolve) this.resolve(false);
        this.title = options.title || "Are you sure?";
        this.message = message;
        this.okLabel = options.okLabel || "OK";
        this.danger = Boolean(options.danger);
        this.open = true;
        return new Promise((resolve) => {
          this.resolve = resolve;
        });
      },
      answer(value) {
        if (!this.open) return;
        this.open = false;
        const resolve = this.resolve;
        this.resolve = null;
        if (resolve) resolve(value);
      },
    });

    Alpine.data("setupWizard", () => ({
      step: 1,
      method: null,
      username: "",
      password: "",
      confirm: "",
      error: "",
      busy: false,
      async init() {
        try {
          const status = await api("GET", "/api/setup/status", undefined, { allowUnauthorized: true });
          if (status && status.setup_complete) window.location.replace("/");
        } catch (_err) {
          // The wizard still works; the server will refuse a second setup itself.
        }
      },
      choose(method) {
        this.method = method;
        this.step = 2;
        this.error = "";
        if (method === "internal") this.$nextTick(() => this.$refs.username.focus());
      },
      back() {
        this.step = 1;
        this.error = "";
      },
      async createAdmin() {
        this.error = "";
        if (!this.username) {
          this.error = "Choose a username.";
          return;
        }
        if (this.password.length < 8) {
          this.error = "The password needs at least 8 characters.";
          return;
        }
        if (this.password !== this.confirm) {
          this.error = "The passwords do not match.";
          return;
        }
        this.busy = true;
        try {
          await api("POST", "/api/setup/admin", { username: this.username, password: this.password },
            { allowUnauthorized: true });
          window.location.assign("/");
        } catch (err) {
          this.error = err.message;
          this.busy = false;
        }
      },
      async useExternal() {
        this.error = "";
        this.busy = true;
        try {
          await api("POST", "/api/setup/external", {}, { allowUnauthorized: true });
          window.location.assign("/");
        } catch (err) {
          this.error = err.message;
          this.busy = false;
        }
      },
    }));

    Alpine.data("loginForm", () => ({
      username: "",
      password: "",
      error: "",
      busy: false,
      init() {
        this.error = this.$el.dataset.error || "";
      },
      async submit() {
        this.error = "";
        if (!this.username || !this.password) {
          this.error = "Enter your username and password.";
          return;
        }
        this.busy = true;
        try {
          await api("POST", "/api/auth/login", { username: this.username, password: this.password },
            { allowUnauthorized: true });
          window.location.assign(nextPath());
        } catch (err) {
          if (err.status === 429) {
            this.error = `Too many attempts. Wait a minute and try again. (${err.message})`;
          } else if (err.status === 401) {
            this.error = err.message || "Wrong username or password.";
          } else {
            this.error = err.message;
          }
          this.password = "";
          this.busy = false;
        }
      },
    }));

    Alpine.data("dashboard", () => ({
      status: null,
      statusError: "",
      jobs: [],
      jobsError: "",
      loaded: false,
      loading: false,
      starting: false,
      states: JOB_STATES,
      limit: 8,
      refreshTimer: null,
      init() {
        this.refresh();
        onJob((job) => this.onJob(job), () => this.refresh());
        setInterval(() => this.loadStatus(), 15000);
      },
      productName(kind) {
        const names = { sqlite: "SQLite", postgresql: "PostgreSQL", redis: "Redis" };
        return names[kind] || kind;
      },
      get queueDepthText() {
        const depth = (this.status && this.status.queue_depth) || {};
        const parts = Object.entries(depth).map(([queue, n]) => `${queue}: ${n}`);
        return parts.length ? "Pending " + parts.join(", ") : "";
      },
      get workerNames() {
        if (!this.status) return "";
        return this.status.workers.map((w) => w.name).join(", ") || "No worker running";
      },
      async refresh() {
        this.loading = true;
        await Promise.all([this.loadStatus(), this.loadJobs()]);
        this.loading = false;
      },
      async loadStatus() {
        try {
          this.status = await api("GET", "/api/system/status");
          this.statusError = "";
        } catch (err) {
          this.statusError = "System status unavailable: " + err.message;
        }
      },
      async loadJobs() {
        try {
          const data = await api("GET", `/api/jobs?limit=${this.limit}`);
          this.jobs = data.jobs;
          this.jobsError = "";
        } catch (err) {
          this.jobsError = "Jobs unavailable: " + err.message;
        }
        this.loaded = true;
      },
      onJob(job) {
        upsertJob(this.jobs, job);
        if (this.jobs.length > this.limit) this.jobs.splice(this.limit);
        // State changes move the counters; coalesce bursts into one status request.
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.loadStatus(), 1000);
      },
      async startDemo() {
        this.starting = true;
        try {
          const job = await startDemoJob(20, 0.25);
          this.onJob(job);
          toast(`Started job #${job.id}`, "success");
        } catch (err) {
          toastError(err, "Could not start the demo job");
        }
        this.starting = false;
      },
    }));

    Alpine.data("jobsPage", () => ({
      jobs: [],
      states: JOB_STATES,
      filter: new URLSearchParams(window.location.search).get("state") || "",
      open: {},
      busy: {},
      error: "",
      loaded: false,
      loading: false,
      hasMore: false,
      starting: false,
      pageSize: 50,
      demo: { steps: 20, step_seconds: 0.25 },
      init() {
        this.reload();
        onJob((job) => this.onJob(job), () => this.reload());
      },
      query(offset) {
        const params = new URLSearchParams({ limit: String(this.pageSize), offset: String(offset) });
        if (this.filter) params.set("state", this.filter);
        return "/api/jobs?" + params.toString();
      },
      async reload() {
        const url = new URL(window.location.href);
        if (this.filter) url.searchParams.set("state", this.filter);
        else url.searchParams.delete("state");
        window.history.replaceState(null, "", url);
        this.loading = true;
        try {
          const data = await api("GET", this.query(0));
          this.jobs = data.jobs;
          this.hasMore = data.jobs.length === this.pageSize;
          this.error = "";
        } catch (err) {
          this.error = "Jobs unavailable: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
      },
      async loadMore() {
        this.loading = true;
        try {
          const data = await api("GET", this.query(this.jobs.length));
          data.jobs.forEach((job) => upsertJob(this.jobs, job));
          this.hasMore = data.jobs.length === this.pageSize;
        } catch (err) {
          toastError(err, "Could not load more jobs");
        }
        this.loading = false;
      },
      onJob(job) {
        // Jobs already shown follow their changes; new ones appear if they match the filter.
        upsertJob(this.jobs, job, !this.filter || job.state === this.filter);
      },
      isOpen(job) {
        return Boolean(this.open[job.id]);
      },
      toggle(job) {
        this.open[job.id] = !this.open[job.id];
      },
      canCancel(job) {
        return job.state === "queued" || job.state === "running";
      },
      canRetry(job) {
        return job.state === "failed" || job.state === "cancelled";
      },
      async act(job, path, body, failure) {
        this.busy[job.id] = true;
        try {
          const updated = await api("POST", `/api/jobs/${job.id}/${path}`, body);
          upsertJob(this.jobs, updated);
          return updated;
        } catch (err) {
          toastError(err, failure);
          return null;
        } finally {
          this.busy[job.id] = false;
        }
      },
      async cancel(job) {
        const ok = await confirmDialog(`Cancel job #${job.id} “${job.title || job.type}”?`, {
          title: "Cancel job",
          okLabel: "Cancel job",
          danger: true,
        });
        if (ok) await this.act(job, "cancel", {}, `Could not cancel job #${job.id}`);
      },
      async retry(job) {
        if (await this.act(job, "retry", {}, `Could not retry job #${job.id}`)) {
          toast(`Job #${job.id} queued again`, "success");
        }
      },
      async setPriority(job, priority) {
        const updated = await this.act(job, "priority", { priority },
          `Could not change the priority of job #${job.id}`);
        // On failure, put the select back to what the server has.
        if (!updated) upsertJob(this.jobs, Object.assign({}, job));
      },
      async startDemo() {
        const steps = Number(this.demo.steps);
        const seconds = Number(this.demo.step_seconds);
        if (!Number.isInteger(steps) || steps < 1 || !(seconds >= 0)) {
          toast("Steps must be a whole number ≥ 1 and seconds ≥ 0.", "error");
          return;
        }
        this.starting = true;
        try {
          const job = await startDemoJob(steps, seconds);
          this.onJob(job);
          toast(`Started job #${job.id}`, "success");
        } catch (err) {
          toastError(err, "Could not start the demo job");
        }
        this.starting = false;
      },
    }));

    Alpine.data("settingsPage", () => ({
      tabs: [
        { id: "general", label: "General" },
        { id: "jobs", label: "Jobs" },
        { id: "security", label: "Security" },
        { id: "backups", label: "Backups" },
      ],
      tab: "general",
      saved: null,
      form: null,
      loadError: "",
      saving: false,
      apiKey: { key: null, source: "none", created_at: null },
      keyShown: false,
      regenerating: false,
      backups: [],
      backupsLoaded: false,
      restoring: false,
      init() {
        const fromHash = window.location.hash.slice(1);
        if (this.tabs.some((t) => t.id === fromHash)) this.tab = fromHash;
        this.loadSettings();
        this.loadApiKey();
        this.loadBackups();
      },
      show(id) {
        this.tab = id;
        window.history.replaceState(null, "", "#" + id);
      },
      get isFormTab() {
        return ["general", "jobs", "security"].includes(this.tab);
      },
      get changes() {
        if (!this.form || !this.saved) return {};
        const partial = {};
        for (const [section, fields] of Object.entries(this.form)) {
          for (const [name, value] of Object.entries(fields)) {
            if (value !== this.saved[section][name]) {
              (partial[section] = partial[section] || {})[name] = value;
            }
          }
        }
        return partial;
      },
      get dirty() {
        return Object.keys(this.changes).length > 0;
      },
      get apiKeyDisplay() {
        if (!this.apiKey.key) return this.apiKey.source === "none" ? "No API key yet" : "";
        return this.keyShown ? this.apiKey.key : "•".repeat(Math.min(32, this.apiKey.key.length));
      },
      adopt(settings) {
        this.saved = settings;
        this.form = JSON.parse(JSON.stringify(settings));
      },
      async loadSettings() {
        try {
          this.adopt(await api("GET", "/api/settings"));
          this.loadError = "";
        } catch (err) {
          this.loadError = "Settings unavailable: " + err.message;
        }
      },
      async loadApiKey() {
        try {
          this.apiKey = await api("GET", "/api/auth/api-key");
        } catch (err) {
          toastError(err, "Could not load the API key");
        }
      },
      async loadBackups() {
        try {
          this.backups = (await api("GET", "/api/settings/backups")).backups;
        } catch (err) {
          toastError(err, "Could not load backups");
        }
        this.backupsLoaded = true;
      },
      announce(changed, verb) {
        if (changed.length) {
          toast(changed.join(", "), "success", { title: `${verb}: ${changed.length} changed` });
        } else {
          toast("Nothing changed.", "info", { title: verb });
        }
      },
      async save() {
        if (!this.dirty) {
          toast("Nothing to save.", "info");
          return;
        }
        this.saving = true;
        try {
          const data = await api("PUT", "/api/settings", this.changes);
          this.adopt(data.settings);
          this.announce(data.changed, "Settings saved");
          this.loadBackups();
        } catch (err) {
          toastError(err, "Settings not saved");
        }
        this.saving = false;
      },
      async copyKey() {
        const key = this.apiKey.key;
        if (!key) return;
        try {
          await navigator.clipboard.writeText(key);
          toast("API key copied to the clipboard.", "success");
        } catch (_err) {
          // No clipboard access (plain http, permissions): select it for Ctrl+C instead.
          this.keyShown = true;
          this.$nextTick(() => {
            this.$refs.apiKey.focus();
            this.$refs.apiKey.select();
          });
          toast("Press Ctrl+C to copy the selected key.", "info");
        }
      },
      async regenerate() {
        if (this.apiKey.key) {
          const ok = await confirmDialog(
            "Anything using the current API key stops working until it is given the new one.",
            { title: "Regenerate API key?", okLabel: "Regenerate", danger: true });
          if (!ok) return;
        }
        this.regenerating = true;
        try {
          this.apiKey = await api("POST", "/api/auth/api-key/regenerate", {});
          this.keyShown = true;
          toast("New API key generated.", "success");
        } catch (err) {
          toastError(err, "API key not changed");
        }
        this.regenerating = false;
      },
      async restore(backup) {
        const ok = await confirmDialog(
          `Replace the current settings with backup #${backup.id} from ${formatDate(backup.created_at)}?`,
          { title: "Restore settings", okLabel: "Restore" });
        if (!ok) return;
        this.restoring = true;
        try {
          const data = await api("POST", "/api/settings/backups/restore", { id: backup.id });
          this.adopt(data.settings);
          this.announce(data.changed, `Restored backup #${backup.id}`);
          this.loadBackups();
        } catch (err) {
          toastError(err, "Restore failed");
        }
        this.restoring = false;
      },
    }));
  });

  // htmx requests (hx-post etc.) carry the same CSRF header as fetch calls.
  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  window.Tendarr = {
    api,
    ApiError,
    toast,
    toastError,
    formatDate,
    relativeTime,
    percent,
    progressText,
    stateLabel,
    historyExtra,
    logout,
    confirm: confirmDialog,
  };
})();
