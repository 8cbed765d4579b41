/* Previews page, the other tabs: schedules, webhook setup and history, the path tester
 * and the BIF / trickplay viewer. Loaded without `defer`, after js/previews.js. */
(function () {
  "use strict";

  const T = () => window.Tendarr;

  function scheduleBody(s) {
    return {
      name: s.name, kind: s.kind, server_id: s.server_id || null, library_id: s.library_id || null,
      cron: s.cron || null, interval_seconds: s.interval_seconds || null,
      lookback_hours: s.kind === "recently_added" ? s.lookback_hours : null,
      force: Boolean(s.force), priority: Number(s.priority), enabled: Boolean(s.enabled),
    };
  }

  function clock(ms) {
    const total = Math.floor(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }

  function blankSchedule() {
    return { name: "", kind: "full_library", timing: "cron", cron: "0 3 * * *", interval_minutes: 60,
      lookback_hours: 24, force: false, priority: 3, enabled: true };
  }

  document.addEventListener("alpine:init", () => {
    const Alpine = window.Alpine;

    Alpine.data("previewSchedules", () => ({
      schedules: [],
      loaded: false,
      error: "",
      form: blankSchedule(),
      saving: false,
      init() { this.reload(); },
      async reload() {
        try {
          this.schedules = (await T().api("GET", "/api/schedules")).schedules;
          this.error = "";
        } catch (err) {
          this.error = "Schedules unavailable: " + err.message;
        }
        this.loaded = true;
      },
      timing(s) {
        if (s.cron) return "cron " + s.cron;
        const minutes = Math.round((s.interval_seconds || 0) / 60);
        return minutes % 60 ? `every ${minutes} min` : `every ${minutes / 60} h`;
      },
      async add() {
        const f = this.form;
        const body = scheduleBody({
          name: f.name.trim(), kind: f.kind, cron: f.timing === "cron" ? f.cron.trim() : null,
          interval_seconds: f.timing === "interval" ? Math.round(Number(f.interval_minutes) * 60) : null,
          lookback_hours: Number(f.lookback_hours), force: f.force, priority: f.priority, enabled: f.enabled,
        });
        this.saving = true;
        try {
          await T().api("POST", "/api/schedules", body);
          this.form = blankSchedule();
          T().toast(`Schedule “${body.name}” added`, "success");
          this.reload();
        } catch (err) {
          T().toastError(err, "Could not add the schedule");
        }
        this.saving = false;
      },
      async setEnabled(s, enabled) {
        try {
          await T().api("PUT", `/api/schedules/${s.id}`, scheduleBody(Object.assign({}, s, { enabled })));
        } catch (err) {
          T().toastError(err, "Could not change the schedule");
        }
        this.reload();
      },
      async run(s) {
        try {
          const job = await T().api("POST", `/api/schedules/${s.id}/run`, {});
          T().toast(`Job #${job.id} started from “${s.name}”`, "success");
        } catch (err) {
          T().toastError(err, "Could not run the schedule");
        }
        this.reload();
      },
      async remove(s) {
        const ok = await T().confirm(`Delete the schedule “${s.name}”? Its jobs stay.`,
          { title: "Delete schedule", okLabel: "Delete", danger: true });
        if (!ok) return;
        try {
          await T().api("DELETE", `/api/schedules/${s.id}`);
        } catch (err) {
          T().toastError(err, "Could not delete the schedule");
        }
        this.reload();
      },
    }));

    Alpine.data("previewWebhooks", () => ({
      config: null,
      servers: [],
      events: [],
      showSecret: false,
      error: "",
      loaded: false,
      firing: false,
      init() { this.reload(); },
      async reload() {
        try {
          const [config, history] = await Promise.all([
            T().api("GET", "/api/webhooks/config"), T().api("GET", "/api/webhooks/history?limit=100"),
          ]);
          this.config = config;
          this.events = history.events;
          this.error = "";
        } catch (err) {
          this.error = "Webhooks unavailable: " + err.message;
        }
        try {
          this.servers = (await T().api("GET", "/api/servers")).servers;
        } catch (_err) {
          this.servers = [];
        }
        this.loaded = true;
      },
      get url() {
        return this.config ? window.location.origin + this.config.url : "";
      },
      pinned(server) {
        return this.config ? window.location.origin + this.config.pinned_url.replace("{server_id}", server.id) : "";
      },
      withToken(url) {
        return this.config ? `${url}?token=${encodeURIComponent(this.config.secret)}` : url;
      },
      async copy(text, what) {
        try {
          await navigator.clipboard.writeText(text);
          T().toast(`${what} copied`, "success");
        } catch (_err) {
          T().toast(`Copy failed; select the ${what.toLowerCase()} and copy it by hand`, "error");
        }
      },
      async fire() {
        this.firing = true;
        try {
          const fired = await T().api("POST", "/api/webhooks/flush", {});
          T().toast(fired.jobs.length ? `${fired.jobs.length} job(s) started` : "No batch was waiting", "success");
        } catch (err) {
          T().toastError(err, "Fire now failed");
        }
        this.firing = false;
        this.reload();
      },
    }));

    Alpine.data("pathTester", () => ({
      path: "",
      report: null,
      error: "",
      testing: false,
      async test() {
        if (!this.path.trim()) return;
        this.testing = true;
        try {
          this.report = await T().api("GET", "/api/previews/path-test?path=" + encodeURIComponent(this.path.trim()));
          this.error = "";
        } catch (err) {
          this.report = null;
          this.error = err.message;
        }
        this.testing = false;
      },
    }));

    Alpine.data("previewViewer", () => ({
      path: "",
      info: null,
      error: "",
      index: 0,
      interval: 10,
      loading: false,
      async load(width) {
        if (!this.path.trim()) return;
        this.loading = true;
        const params = new URLSearchParams({ path: this.path.trim(), interval_ms: String(this.interval * 1000) });
        if (width) params.set("width", String(width));
        try {
          this.info = await T().api("GET", "/api/previews/viewer?" + params);
          this.index = 0;
          this.error = "";
        } catch (err) {
          this.info = null;
          this.error = err.message;
        }
        this.loading = false;
      },
      get last() { return this.info ? Math.max(0, this.info.count - 1) : 0; },
      get timeMs() {
        if (!this.info) return 0;
        const times = this.info.times_ms;
        return times ? times[this.index] : this.index * this.info.interval_ms;
      },
      get stamp() { return clock(this.timeMs); },
      frameUrl(index) {
        return `/api/previews/viewer/frame?path=${encodeURIComponent(this.info.path)}&index=${index}`;
      },
      /* BIF: the image itself. Trickplay: its sheet, cropped to the tile with CSS. */
      get imageStyle() {
        const i = this.info;
        if (!i) return {};
        if (i.kind === "bif") return {};
        const per = i.columns * i.rows;
        const sheet = Math.floor(this.index / per);
        const cell = this.index % per;
        return {
          width: i.width + "px", height: i.height + "px",
          backgroundImage: `url("${this.frameUrl(sheet * per)}")`,
          backgroundPosition: `-${(cell % i.columns) * i.width}px -${Math.floor(cell / i.columns) * i.height}px`,
        };
      },
      step(delta) { this.index = Math.max(0, Math.min(this.last, this.index + delta)); },
    }));
  });
})();
