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

  /* ---- media servers and the library ----------------------------------------------- */

  const SYNC_JOB_TYPE = "library.sync";
  const SERVER_KINDS = [
    { id: "plex", label: "Plex" },
    { id: "jellyfin", label: "Jellyfin" },
    { id: "emby", label: "Emby" },
  ];
  const REDACTED = "********";

  function kindLabel(kind) {
    const found = SERVER_KINDS.find((k) => k.id === kind);
    return found ? found.label : kind;
  }

  /* Turn a display name into a server id: lowercase letters, digits and dashes. */
  function slugify(text) {
    return (text || "")
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, 48)
      .replace(/-+$/, "");
  }

  function formatSize(bytes) {
    if (!bytes) return "—";
    const units = ["B", "KB", "MB", "GB", "TB", "PB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
  }

  function formatDuration(ms) {
    if (!ms) return "—";
    const minutes = Math.round(ms / 60000);
    const hours = Math.floor(minutes / 60);
    return hours ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
  }

  function formatRating(value) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(1);
  }

  /* "ok: 69 items, 0 problems" / "failed: reason" as the sync service records it. */
  function syncStatus(text) {
    if (!text) return null;
    const at = text.indexOf(":");
    const word = (at >= 0 ? text.slice(0, at) : text).trim().toLowerCase();
    const detail = at >= 0 ? text.slice(at + 1).trim() : "";
    const state = word === "ok" ? "succeeded" : word === "failed" ? "failed" : "queued";
    return { state, label: word === "ok" ? "OK" : word, detail };
  }

  /* A stored server as PUT /api/servers/{id} takes it (read-only fields left out). */
  function serverBody(server) {
    return {
      id: server.id,
      kind: server.kind,
      name: server.name,
      url: server.url,
      enabled: server.enabled,
      auth: server.auth,
      libraries: server.libraries.map((l) => ({ id: l.id, name: l.name, kind: l.kind, enabled: l.enabled })),
      path_mappings: server.path_mappings,
      plex_config_folder: server.plex_config_folder,
      server_identity: server.server_identity,
    };
  }

  /* The editable form behind the add/edit dialog. */
  function serverForm(server) {
    const auth = (server && server.auth) || {};
    return {
      id: server ? server.id : "",
      kind: server ? server.kind : "plex",
      name: server ? server.name : "",
      url: server ? server.url : "",
      enabled: server ? server.enabled : true,
      secret: auth.token || auth.api_key || "",
      originalAuth: auth,
      libraries: server ? server.libraries.map((l) => Object.assign({}, l)) : [],
      path_mappings: server
        ? server.path_mappings.map((m) => ({
          remote_prefix: m.remote_prefix,
          local_prefix: m.local_prefix,
          webhook_prefixes: m.webhook_prefixes.join(", "),
        }))
        : [],
      plex_config_folder: server ? server.plex_config_folder || "" : "",
      server_identity: server ? server.server_identity : null,
    };
  }

  function formAuth(form) {
    const original = form.originalAuth || {};
    // A Jellyfin/Emby server signed in another way keeps that until a key is entered.
    if (!form.secret && original.method && !["token", "api_key"].includes(original.method)) {
      return original;
    }
    return form.kind === "plex"
      ? { method: "token", token: form.secret }
      : { method: "api_key", api_key: form.secret };
  }

  function formBody(form) {
    return {
      id: form.id.trim(),
      kind: form.kind,
      name: form.name.trim(),
      url: form.url.trim(),
      enabled: form.enabled,
      auth: formAuth(form),
      libraries: form.libraries.map((l) => ({ id: l.id, name: l.name, kind: l.kind, enabled: l.enabled })),
      path_mappings: form.path_mappings
        .filter((m) => m.remote_prefix.trim() || m.local_prefix.trim())
        .map((m) => ({
          remote_prefix: m.remote_prefix.trim(),
          local_prefix: m.local_prefix.trim(),
          webhook_prefixes: m.webhook_prefixes.split(",").map((p) => p.trim()).filter(Boolean),
        })),
      plex_config_folder: form.kind === "plex" && form.plex_config_folder.trim() ? form.plex_config_folder.trim() : null,
      server_identity: form.server_identity || null,
    };
  }

  /* Servers by id, for chips; non-admins cannot list servers and see plain ids. */
  async function loadServerNames() {
    try {
      const data = await api("GET", "/api/servers");
      return Object.fromEntries(data.servers.map((s) => [s.id, s]));
    } catch (_err) {
      return {};
    }
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
            this.error = "Too many attempts. Wait a minute, then try again.";
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
        if (!this.apiKey.key) {
          if (this.apiKey.source === "unreadable") return "Key set, but sealed with an older secret key: regenerate to see one";
          return this.apiKey.source === "none" ? "No API key yet" : "";
        }
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

    Alpine.data("serversPage", () => ({
      servers: [],
      kinds: SERVER_KINDS,
      loaded: false,
      loading: false,
      error: "",
      busy: {},
      tests: {},
      syncs: {},
      dialog: { open: false, mode: "add", form: serverForm(null), idTouched: false,
        error: "", saving: false, testing: false, test: null },
      init() {
        this.reload();
        onJob((job) => this.onJob(job), () => this.reload());
      },
      async reload() {
        this.loading = true;
        try {
          this.servers = (await api("GET", "/api/servers")).servers;
          this.error = "";
        } catch (err) {
          this.error = "Servers unavailable: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
        this.followActiveSyncs();
      },
      /* Pick up syncs started elsewhere (or before a reload); the service titles them "Sync <id>". */
      async followActiveSyncs() {
        try {
          const params = "state=queued&state=running&type=" + SYNC_JOB_TYPE + "&limit=100";
          const data = await api("GET", "/api/jobs?" + params);
          for (const job of data.jobs) {
            const id = job.title.startsWith("Sync ") ? job.title.slice(5) : "";
            if (this.servers.some((s) => s.id === id) && !this.syncs[id]) this.syncs[id] = job;
          }
        } catch (_err) {
          // Progress then shows for syncs started from this page only.
        }
      },
      kindLabel,
      syncStatus,
      syncJobs(server) {
        const job = this.syncs[server.id];
        return job ? [job] : [];
      },
      syncing(server) {
        const job = this.syncs[server.id];
        return Boolean(job) && !TERMINAL.has(job.state);
      },
      put(server) {
        const index = this.servers.findIndex((s) => s.id === server.id);
        if (index >= 0) this.servers.splice(index, 1, server);
        else this.servers.push(server);
      },
      async refreshOne(id) {
        try {
          this.put(await api("GET", `/api/servers/${encodeURIComponent(id)}`));
        } catch (_err) {
          // The card keeps what it showed; the next reload corrects it.
        }
      },
      onJob(job) {
        for (const [id, known] of Object.entries(this.syncs)) {
          if (known.id !== job.id) continue;
          const finished = TERMINAL.has(job.state) && !TERMINAL.has(known.state);
          this.syncs[id] = Object.assign({}, known, job);
          if (finished) {
            const server = this.servers.find((s) => s.id === id);
            const name = server ? server.name : id;
            if (job.state === "succeeded") toast(`${job.completed || 0} items`, "success", { title: `${name} synced` });
            else toast(job.error || job.state, "error", { title: `Sync of ${name} ${job.state}` });
            this.refreshOne(id);
          }
        }
      },
      async act(server, name, call) {
        this.busy[server.id] = name;
        try {
          return await call();
        } finally {
          this.busy[server.id] = null;
        }
      },
      async setEnabled(server, enabled) {
        await this.act(server, "enabled", async () => {
          try {
            this.put(await api("PATCH", `/api/servers/${encodeURIComponent(server.id)}/enabled`, { enabled }));
          } catch (err) {
            toastError(err, `Could not ${enabled ? "enable" : "disable"} ${server.name}`);
            this.put(Object.assign({}, server));
          }
        });
      },
      async setLibrary(server, library, enabled) {
        const body = serverBody(server);
        body.libraries = body.libraries.map((l) => (l.id === library.id ? Object.assign(l, { enabled }) : l));
        await this.act(server, "library", async () => {
          try {
            this.put(await api("PUT", `/api/servers/${encodeURIComponent(server.id)}`, body));
          } catch (err) {
            toastError(err, `Library “${library.name}” not changed`);
            this.put(Object.assign({}, server));
          }
        });
      },
      async test(server) {
        await this.act(server, "test", async () => {
          try {
            this.tests[server.id] = await api("POST", `/api/servers/${encodeURIComponent(server.id)}/test-connection`, {});
          } catch (err) {
            this.tests[server.id] = { ok: false, error: err.message, identity: null, libraries: [] };
          }
        });
      },
      testText(result) {
        if (!result.ok) return "Connection failed: " + (result.error || "unknown error");
        const id = result.identity;
        const found = `${result.libraries.length} ${result.libraries.length === 1 ? "library" : "libraries"}`;
        return id ? `Connected to ${id.name} (${kindLabel(id.kind)} ${id.version}), ${found}.` : `Connected, ${found}.`;
      },
      async refreshLibraries(server) {
        await this.act(server, "libraries", async () => {
          try {
            const updated = await api("POST", `/api/servers/${encodeURIComponent(server.id)}/refresh-libraries`, {});
            this.put(updated);
            toast(`${updated.libraries.length} libraries`, "success", { title: `Libraries of ${server.name} refreshed` });
          } catch (err) {
            toastError(err, "Libraries not refreshed");
          }
        });
      },
      async sync(server) {
        await this.act(server, "sync", async () => {
          try {
            const job = await api("POST", `/api/servers/${encodeURIComponent(server.id)}/sync`, { full: true });
            this.syncs[server.id] = job;
            toast(`Job #${job.id}`, "success", { title: `Sync of ${server.name} started` });
          } catch (err) {
            toastError(err, `Could not sync ${server.name}`);
          }
        });
      },
      async remove(server) {
        const ok = await confirmDialog(
          `Remove “${server.name}”? Items only it holds are marked removed; their history is kept.`,
          { title: "Delete server", okLabel: "Delete", danger: true });
        if (!ok) return;
        await this.act(server, "delete", async () => {
          try {
            await api("DELETE", `/api/servers/${encodeURIComponent(server.id)}`);
            this.servers = this.servers.filter((s) => s.id !== server.id);
            delete this.syncs[server.id];
            toast(server.name, "success", { title: "Server deleted" });
          } catch (err) {
            toastError(err, `Could not delete ${server.name}`);
          }
        });
      },
      /* -- the add/edit dialog -- */
      openAdd() {
        this.openDialog("add", serverForm(null));
      },
      openEdit(server) {
        this.openDialog("edit", serverForm(server));
      },
      openDialog(mode, form) {
        Object.assign(this.dialog, { open: true, mode, form, idTouched: mode === "edit", error: "",
          saving: false, testing: false, test: null });
        this.$nextTick(() => this.$refs.firstField && this.$refs.firstField.focus());
      },
      closeDialog() {
        this.dialog.open = false;
      },
      nameChanged() {
        if (!this.dialog.idTouched) this.dialog.form.id = slugify(this.dialog.form.name);
      },
      kindChanged() {
        const form = this.dialog.form;
        form.libraries = [];
        form.server_identity = null;
        if (form.secret === REDACTED) form.secret = "";
        this.dialog.test = null;
      },
      addMapping() {
        this.dialog.form.path_mappings.push({ remote_prefix: "", local_prefix: "", webhook_prefixes: "" });
      },
      removeMapping(index) {
        this.dialog.form.path_mappings.splice(index, 1);
      },
      get secretLabel() {
        return this.dialog.form.kind === "plex" ? "Plex token" : "API key";
      },
      get otherSignIn() {
        const method = (this.dialog.form.originalAuth || {}).method;
        return method && !["token", "api_key"].includes(method) ? method : "";
      },
      async testDialog() {
        const dialog = this.dialog;
        dialog.error = "";
        dialog.testing = true;
        dialog.test = null;
        try {
          const result = await api("POST", "/api/servers/test-connection", formBody(dialog.form));
          dialog.test = result;
          if (result.ok) {
            const known = Object.fromEntries(dialog.form.libraries.map((l) => [l.id, l]));
            dialog.form.libraries = result.libraries.map((l) => ({
              id: l.id, name: l.name, kind: l.kind, enabled: known[l.id] ? known[l.id].enabled : true,
            }));
            if (result.identity) dialog.form.server_identity = result.identity.machine_id;
          }
        } catch (err) {
          dialog.error = err.message;
        }
        dialog.testing = false;
      },
      async saveDialog() {
        const dialog = this.dialog;
        dialog.error = "";
        dialog.saving = true;
        const body = formBody(dialog.form);
        try {
          const saved = dialog.mode === "add"
            ? await api("POST", "/api/servers", body)
            : await api("PUT", `/api/servers/${encodeURIComponent(body.id)}`, body);
          this.put(saved);
          dialog.open = false;
          toast(saved.name, "success", { title: dialog.mode === "add" ? "Server added" : "Server saved" });
        } catch (err) {
          dialog.error = err.message;
        }
        dialog.saving = false;
      },
    }));

    Alpine.data("libraryPage", () => ({
      items: [],
      total: 0,
      loaded: false,
      loading: false,
      error: "",
      servers: {},
      pageSize: 60,
      request: 0,
      filters: {
        kind: "", search: "", genre: "", decade: "", min_rating: "", resolution: "",
        dynamic_range: "", audio_profile: "", server_id: "", sort: "added", order: "desc",
      },
      defaults: null,
      kinds: [{ id: "", label: "All" }, { id: "movie", label: "Movies" }, { id: "show", label: "Shows" }],
      decades: Array.from({ length: 11 }, (_v, i) => 2020 - i * 10),
      resolutions: ["2160p", "1080p", "720p", "SD"],
      ranges: ["DV", "HDR10+", "HDR10", "HLG", "SDR"],
      sorts: [
        { id: "added", label: "Date added" },
        { id: "title", label: "Title" },
        { id: "year", label: "Year" },
        { id: "rating", label: "Rating" },
        { id: "size", label: "Size" },
      ],
      async init() {
        this.defaults = Object.assign({}, this.filters);
        const params = new URLSearchParams(window.location.search);
        for (const key of Object.keys(this.filters)) {
          if (params.has(key)) this.filters[key] = params.get(key);
        }
        this.reload();
        this.servers = await loadServerNames();
      },
      get serverList() {
        return Object.values(this.servers);
      },
      get activeFilters() {
        return ["genre", "decade", "min_rating", "resolution", "dynamic_range", "audio_profile", "server_id"]
          .filter((key) => this.filters[key] !== "").length;
      },
      query(offset) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(this.filters)) {
          if (String(value).trim() !== "") params.set(key, String(value).trim());
        }
        params.set("limit", String(this.pageSize));
        params.set("offset", String(offset));
        return params;
      },
      remember() {
        const url = new URL(window.location.href);
        url.search = "";
        for (const [key, value] of Object.entries(this.filters)) {
          if (value !== "" && value !== this.defaults[key]) url.searchParams.set(key, value);
        }
        window.history.replaceState(null, "", url);
      },
      setKind(kind) {
        this.filters.kind = kind;
        this.reload();
      },
      toggleOrder() {
        this.filters.order = this.filters.order === "asc" ? "desc" : "asc";
        this.reload();
      },
      clearFilters() {
        Object.assign(this.filters, { genre: "", decade: "", min_rating: "", resolution: "",
          dynamic_range: "", audio_profile: "", server_id: "" });
        this.reload();
      },
      async reload() {
        this.remember();
        const ticket = ++this.request;
        this.loading = true;
        try {
          const data = await api("GET", "/api/library/items?" + this.query(0));
          if (ticket !== this.request) return;  // a newer search answered first
          this.items = data.items;
          this.total = data.total;
          this.error = "";
        } catch (err) {
          if (ticket !== this.request) return;
          this.error = "Library unavailable: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
      },
      async loadMore() {
        const ticket = this.request;
        this.loading = true;
        try {
          const data = await api("GET", "/api/library/items?" + this.query(this.items.length));
          if (ticket !== this.request) return;
          const seen = new Set(this.items.map((i) => i.id));
          this.items.push(...data.items.filter((i) => !seen.has(i.id)));
          this.total = data.total;
        } catch (err) {
          toastError(err, "Could not load more titles");
        }
        this.loading = false;
      },
      get hasMore() {
        return this.items.length < this.total;
      },
      open(item) {
        window.location.assign(`/library/${item.id}`);
      },
      serverName(id) {
        return this.servers[id] ? this.servers[id].name : id;
      },
      serverKind(id) {
        return this.servers[id] ? this.servers[id].kind : "";
      },
    }));

    Alpine.data("itemPage", () => ({
      id: null,
      data: null,
      error: "",
      servers: {},
      async init() {
        this.id = Number(this.$el.dataset.itemId);
        this.load();
        this.servers = await loadServerNames();
      },
      async load() {
        try {
          this.data = await api("GET", `/api/library/items/${this.id}`);
          document.title = `${this.data.item.title} · ${document.title.split(" · ").pop()}`;
          this.error = "";
        } catch (err) {
          this.error = err.status === 404 ? "This item does not exist (any more)." : "Item unavailable: " + err.message;
        }
      },
      get item() {
        return this.data ? this.data.item : null;
      },
      get details() {
        return this.data ? this.data.details : {};
      },
      get facts() {
        const d = this.details;
        const item = this.item;
        const list = (value) => (value && value.length ? value.join(", ") : "");
        return [
          ["Released", d.released],
          ["Content rating", d.content_rating],
          ["Rating", item && item.rating !== null ? formatRating(item.rating) : ""],
          ["Critic rating", d.critic_rating ?? ""],
          ["Season", d.season_number ?? ""],
          ["Episode", d.episode_number ?? ""],
          ["Studios", list(d.studios)],
          ["Collections", list(d.collections)],
          ["Labels", list(d.labels)],
          ["Size", item && item.size ? formatSize(item.size) : ""],
          ["Added", item ? formatDate(item.added_at) : ""],
          ["TMDB", item && item.tmdb_id ? String(item.tmdb_id) : ""],
          ["TVDB", item && item.tvdb_id ? String(item.tvdb_id) : ""],
          ["IMDb", item && item.imdb_id ? item.imdb_id : ""],
        ].filter(([, value]) => value !== "" && value !== null && value !== undefined);
      },
      get parentLinks() {
        const d = this.details;
        const links = [];
        if (d.show_id && d.show_id !== d.parent_id) links.push({ id: d.show_id, label: "Show" });
        if (d.parent_id) links.push({ id: d.parent_id, label: d.episode_number != null ? "Season" : "Show" });
        return links;
      },
      get childrenHaveFiles() {
        return this.data.children.some((c) => c.servers.length || c.size);
      },
      get filesOnChildren() {
        return this.item && ["show", "season"].includes(this.item.kind);
      },
      serverName(id) {
        return this.servers[id] ? this.servers[id].name : id;
      },
      serverKind(id) {
        return this.servers[id] ? this.servers[id].kind : "";
      },
      libraryName(serverId, libraryId) {
        const server = this.servers[serverId];
        const library = server && server.libraries.find((l) => l.id === libraryId);
        return library ? library.name : libraryId || "—";
      },
      videoText(video) {
        if (!video) return "—";
        const parts = [
          video.codec ? video.codec.toUpperCase() : "",
          video.profile || "",
          video.width && video.height ? `${video.width}×${video.height}` : "",
          video.bit_depth ? `${video.bit_depth}-bit` : "",
          video.frame_rate ? `${Number(video.frame_rate).toFixed(3).replace(/\.?0+$/, "")} fps` : "",
        ];
        return parts.filter(Boolean).join(" · ");
      },
      videoRange(video, file) {
        if (!video) return file.dynamic_range || "";
        const extra = [];
        if (video.dv_profile) extra.push(`DV profile ${video.dv_profile}`);
        if (video.hdr10_plus) extra.push("HDR10+");
        if (video.color_transfer) extra.push(video.color_transfer);
        return [file.dynamic_range || video.range_label || "", ...extra].filter(Boolean).join(" · ");
      },
      audioText(track) {
        const channels = track.channels ? `${track.channels} ch` : "";
        return [track.codec ? track.codec.toUpperCase() : "", track.profile || "", channels]
          .filter(Boolean).join(" · ");
      },
      subtitleText(sub) {
        return [sub.codec ? sub.codec.toUpperCase() : "", sub.forced ? "forced" : "", sub.external ? "external" : ""]
          .filter(Boolean).join(" · ");
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
    formatSize,
    formatDuration,
    formatRating,
    kindLabel,
    slugify,
    logout,
    confirm: confirmDialog,
  };
})();
